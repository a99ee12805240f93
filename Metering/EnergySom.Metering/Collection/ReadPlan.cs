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
/// <remarks>
/// Greedy from the lowest address is optimal here: every constraint (gap, span) only gets easier for a
/// subset of a feasible read, so extending each read as far as it goes never needs more reads than any other
/// split (a property test checks this against an exhaustive dynamic programme).
/// </remarks>
public static class ReadPlanner
{
    /// <param name="points">The points of one meter.</param>
    /// <param name="maxGap">Largest hole, in registers (bits for coils and discrete inputs), inside one read.</param>
    /// <param name="maxRegisters">Most registers per read (1–125); bit reads are capped at 2000 bits.</param>
    public static IReadOnlyList<PlannedRead> Plan(IEnumerable<RegisterPoint> points, int maxGap = 10, int maxRegisters = 125)
    {
        if (maxRegisters is < 1 or > 125)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRegisters), maxRegisters, "a read carries 1..125 registers");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxGap);

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
