using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Registers;

namespace EnergySom.Metering.Collection;

/// <summary>One Modbus read and the points it carries.</summary>
public sealed record PlannedRead(RegisterKind Kind, ushort Start, ushort Count, PollClass Poll, IReadOnlyList<RegisterPoint> Points);

/// <summary>
/// Merges the points of one meter into the fewest reads: per register kind and poll class, consecutive points
/// share a read while the read stays within the protocol maximum (125 registers, 2000 bits) and the hole
/// between them is at most <c>maxGap</c> registers (reading a hole costs bytes, not a round trip).
/// </summary>
public static class ReadPlanner
{
    public static IReadOnlyList<PlannedRead> Plan(IEnumerable<RegisterPoint> points, int maxGap = 10, int maxRegisters = 125)
    {
        if (maxRegisters is < 1 or > 125)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRegisters), maxRegisters, "a read carries 1..125 registers");
        }

        var reads = new List<PlannedRead>();
        foreach (var group in points.GroupBy(p => (p.Kind, p.Poll)).OrderBy(g => g.Key.Poll).ThenBy(g => g.Key.Kind))
        {
            var limit = group.Key.Kind.IsBit() ? 2000 : maxRegisters;
            var sorted = group.OrderBy(p => p.Address).ToList();
            var current = new List<RegisterPoint>();
            int start = 0, end = 0;
            foreach (var point in sorted)
            {
                if (point.Length > limit)
                {
                    throw new ArgumentException($"point '{point.Name}' alone exceeds {limit} registers");
                }

                if (current.Count > 0 && (point.Address - end > maxGap || Math.Max(end, point.End) - start > limit))
                {
                    reads.Add(new PlannedRead(group.Key.Kind, (ushort)start, (ushort)(end - start), group.Key.Poll, current));
                    current = [];
                }

                if (current.Count == 0)
                {
                    start = point.Address;
                    end = point.End;
                }

                current.Add(point);
                end = Math.Max(end, point.End);
            }

            if (current.Count > 0)
            {
                reads.Add(new PlannedRead(group.Key.Kind, (ushort)start, (ushort)(end - start), group.Key.Poll, current));
            }
        }

        return reads;
    }
}
