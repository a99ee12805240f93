using System.Globalization;

namespace EnergySom.Firmware.VirtualMeter;

/// <summary>
/// A one-line command that sets a fault on a running virtual gateway, as typed on the standard input of
/// <c>energysom simulate</c> (or written there by a test). <c>UNIT</c> is a unit id or <c>*</c> for every unit.
/// </summary>
/// <remarks>
/// <code>
/// delay UNIT MS              reply after MS milliseconds (0: at once)
/// exception UNIT CODE        answer every read with Modbus exception CODE (0: stop)
/// silent UNIT on|off         do not answer at all
/// drop UNIT on|off           close the connection instead of answering
/// disconnect                 close every open connection now (gateway reboot)
/// reset UNIT [START]         clear every counter to START (default 0)
/// rollover UNIT [BEFORE]     put every integer counter BEFORE (default 1) below its wrap
/// replace UNIT [START] [SN]  fit a new meter: counters from START (default 0), serial SN (default old + 1)
/// clear UNIT                 clear the switches (delay, exception, silent, drop)
/// </code>
/// START and BEFORE are in the counter's canonical unit (kWh, Nm³).
/// </remarks>
public static class FaultCommand
{
    /// <summary>The commands, one per line, for a help message.</summary>
    public const string Help =
        "delay UNIT MS | exception UNIT CODE | silent UNIT on|off | drop UNIT on|off | disconnect | "
        + "reset UNIT [START] | rollover UNIT [BEFORE] | replace UNIT [START] [SERIAL] | clear UNIT   (UNIT: id or *)";

    /// <summary>Carries out <paramref name="line"/> on <paramref name="server"/>.</summary>
    /// <returns>What was done, for an acknowledgement line.</returns>
    /// <exception cref="FormatException">The line is not a valid command; the message says why.</exception>
    public static string Execute(VirtualMeterServer server, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            throw new FormatException("empty command; " + Help);
        }

        var verb = words[0].ToLowerInvariant();
        if (verb == "disconnect")
        {
            if (words.Length != 1)
            {
                throw new FormatException($"'disconnect' takes no arguments; {Help}");
            }

            var open = server.ConnectionCount;
            server.DropAllConnections();
            return $"disconnected {open} connection(s)";
        }

        if (verb == "help")
        {
            return Help;
        }

        if (verb is not ("delay" or "exception" or "silent" or "drop" or "reset" or "rollover" or "replace" or "clear"))
        {
            throw new FormatException($"unknown command '{verb}'; {Help}");
        }

        if (words.Length < 2)
        {
            throw new FormatException($"'{verb}' needs a unit id (or *); {Help}");
        }

        var units = Units(server, words[1]);
        string Each(Action<VirtualMeterUnit> action, string done)
        {
            foreach (var unit in units)
            {
                action(unit);
            }

            return $"unit {string.Join(',', units.Select(u => u.UnitId))}: {done}";
        }

        switch (verb)
        {
            case "delay":
                Arguments(words, 1, 0);
                var ms = Number(words[2], "MS", 0, 600_000);
                return Each(u => u.Faults.ReplyDelay = TimeSpan.FromMilliseconds(ms), $"replies delayed by {ms} ms");
            case "exception":
                Arguments(words, 1, 0);
                var code = (byte)Number(words[2], "CODE", 0, 255);
                return Each(u => u.Faults.ExceptionCode = code, code == 0 ? "exceptions off" : $"every read answered with exception 0x{code:X2}");
            case "silent":
                Arguments(words, 1, 0);
                var silent = OnOff(words[2]);
                return Each(u => u.Faults.Silent = silent, silent ? "silent" : "answering");
            case "drop":
                Arguments(words, 1, 0);
                var drop = OnOff(words[2]);
                return Each(u => u.Faults.DropConnection = drop, drop ? "dropping connections" : "keeping connections");
            case "reset":
                Arguments(words, 0, 1);
                var start = words.Length > 2 ? Number(words[2], "START", 0, 1e15) : 0;
                return Each(u => u.Faults.ResetCounters(start), $"counters reset to {Format(start)} at the next request");
            case "rollover":
                Arguments(words, 0, 1);
                var before = words.Length > 2 ? Number(words[2], "BEFORE", 0, 1e15) : 1;
                return Each(u => u.Faults.RollOverCounters(before), $"integer counters {Format(before)} below their wrap at the next request");
            case "replace":
                Arguments(words, 0, 2);
                var from = words.Length > 2 ? Number(words[2], "START", 0, 1e15) : 0;
                long? serial = words.Length > 3 ? (long)Number(words[3], "SERIAL", 0, 4_294_967_295) : null;
                return Each(u => u.Faults.ReplaceMeter(from, serial), $"meter replaced (counters from {Format(from)}, serial {(serial is { } s ? s.ToString(CultureInfo.InvariantCulture) : "old + 1")}) at the next request");
            case "clear":
                Arguments(words, 0, 0);
                return Each(u => u.Faults.Clear(), "faults cleared");
            default:
                throw new FormatException($"unknown command '{verb}'; {Help}");
        }
    }

    private static List<VirtualMeterUnit> Units(VirtualMeterServer server, string text)
    {
        if (text == "*")
        {
            return [.. server.Units];
        }

        if (!byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new FormatException($"'{text}' is not a unit id (0..255) or *");
        }

        var unit = server.Units.FirstOrDefault(u => u.UnitId == id)
            ?? throw new FormatException($"no unit {id} on this gateway (units: {string.Join(", ", server.Units.Select(u => u.UnitId))})");
        return [unit];
    }

    private static void Arguments(string[] words, int required, int optional)
    {
        var given = words.Length - 2;
        if (given < required || given > required + optional)
        {
            throw new FormatException($"'{words[0]}' takes {required}{(optional > 0 ? $" to {required + optional}" : "")} argument(s) after the unit, got {given}; {Help}");
        }
    }

    private static double Number(string text, string name, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{name} '{text}' is not a number from {Format(min)} to {Format(max)}");

    private static bool OnOff(string text) => text.ToLowerInvariant() switch
    {
        "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new FormatException($"'{text}' is not on or off"),
    };

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
