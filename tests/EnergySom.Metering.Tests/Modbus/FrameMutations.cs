namespace EnergySom.Metering.Tests.Modbus;

/// <summary>Ways a frame gets damaged on a bad line or by a buggy gateway, applied at random.</summary>
internal static class FrameMutations
{
    public static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = frame.ToList();
        var mutations = 1 + random.Next(3);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    var bit = random.Next(bytes.Count * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 1 when bytes.Count > 0:
                    var keep = random.Next(bytes.Count);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                case 2:
                    bytes.AddRange(RandomBytes(random, 1 + random.Next(8)));
                    break;
                case 3 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 4:
                    bytes.InsertRange(random.Next(bytes.Count + 1), RandomBytes(random, 1 + random.Next(4)));
                    break;
                default:
                    bytes = [.. RandomBytes(random, random.Next(1, 40))];
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
