using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Registers;
using EnergySom.Firmware.Simulation;
using EnergySom.Firmware.VirtualMeter;
using NodaTime;

namespace EnergySom.Service.Commands;

/// <summary>
/// <c>energysom simulate …</c> (virtual meters of any profile on a Modbus gateway) and
/// <c>energysom profiles list|show|check</c> (the device profile library).
/// </summary>
public static class FirmwareCommands
{
    /// <summary>Adds <c>simulate</c> and <c>profiles</c> to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        root.Subcommands.Add(Simulate());
        root.Subcommands.Add(Profiles());
    }

    /// <summary>
    /// <c>energysom simulate --profile NAME|FILE --port N [--unit ID]… [--counter-start V] [--speed X]
    /// [--framing tcp|rtu-over-tcp] [--ct R] [--pt R] [--frozen] [--listen ADDRESS]</c>
    /// </summary>
    public static Command Simulate()
    {
        var profile = new Option<string>("--profile") { Description = "Bundled profile id (see 'profiles list') or a profile file", Required = true };
        var port = new Option<int>("--port") { Description = "TCP port of the virtual gateway (0 = any free port)", Required = true };
        var units = new Option<int[]>("--unit") { Description = "Unit id of a meter behind the gateway; repeat for several meters (default: the profile's factory id, usually 1)" };
        var counterStart = new Option<double?>("--counter-start") { Description = "Main counter at start: kWh for electricity, Nm³ for gas (default: a plausible value per meter)" };
        var speed = new Option<double>("--speed") { Description = "Speed-up: simulated seconds per real second (3600: an hour a second)", DefaultValueFactory = _ => 1.0 };
        var framing = new Option<string>("--framing") { Description = "tcp (Modbus TCP) or rtu-over-tcp (RTU frames with CRC, as a transparent serial gateway)", DefaultValueFactory = _ => "tcp" };
        var ct = new Option<double>("--ct") { Description = "CT ratio the meters are set to", DefaultValueFactory = _ => 1.0 };
        var pt = new Option<double>("--pt") { Description = "PT ratio the meters are set to", DefaultValueFactory = _ => 1.0 };
        var frozen = new Option<bool>("--frozen") { Description = "Freeze time at start: every read returns the same values" };
        var listen = new Option<string>("--listen") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var command = new Command(
            "simulate",
            "Serve virtual meters of a profile over Modbus until Ctrl-C, with values from a time-driven load. "
            + "Faults are set by lines on standard input: " + FaultCommand.Help)
        {
            profile, port, units, counterStart, speed, framing, ct, pt, frozen, listen,
        };
        command.SetAction((parse, token) => CommandRunner.RunAsync(
            ct2 => RunSimulateAsync(
                new SimulateOptions(
                    parse.GetValue(profile)!,
                    parse.GetValue(port),
                    parse.GetValue(units) ?? [],
                    parse.GetValue(counterStart),
                    parse.GetValue(speed),
                    parse.GetValue(framing)!,
                    parse.GetValue(ct),
                    parse.GetValue(pt),
                    parse.GetValue(frozen),
                    parse.GetValue(listen)!),
                ct2),
            token));
        return command;
    }

    /// <summary><c>energysom profiles list|show|check</c></summary>
    public static Command Profiles()
    {
        var directory = new Option<string?>("--dir") { Description = "Profile folder (default: the bundled library)" };
        var list = new Command("list", "List the profiles: id, meter, source confidence, points") { directory };
        list.SetAction((parse, token) => CommandRunner.RunAsync(_ => Task.FromResult(List(Library(parse.GetValue(directory)))), token));

        var which = new Argument<string>("PROFILE") { Description = "Profile id or file" };
        var show = new Command("show", "Show a profile's source and register table") { which, directory };
        show.SetAction((parse, token) => CommandRunner.RunAsync(
            _ => Task.FromResult(Show(Resolve(parse.GetValue(which)!, parse.GetValue(directory)))), token));

        var files = new Argument<string[]>("FILE") { Description = "Profile file(s) to check", Arity = ArgumentArity.OneOrMore };
        var check = new Command("check", "Check profile files: a summary and exit 0, or file:line: field: problem and exit 1") { files };
        check.SetAction((parse, token) => CommandRunner.RunAsync(_ => Task.FromResult(Check(parse.GetValue(files)!)), token));

        return new Command("profiles", "The device profile library: register maps of real meters") { list, show, check };
    }

    private sealed record SimulateOptions(
        string Profile, int Port, int[] Units, double? CounterStart, double Speed, string Framing, double Ct, double Pt, bool Frozen, string Listen);

    private static async Task<int> RunSimulateAsync(SimulateOptions options, CancellationToken ct)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new UserFacingException($"--port {options.Port}: must be 0..65535");
        }

        if (!double.IsFinite(options.Speed) || options.Speed < 1 || options.Speed > 1_000_000)
        {
            throw new UserFacingException($"--speed {options.Speed.ToString(CultureInfo.InvariantCulture)}: must be from 1 to 1000000");
        }

        if (options.CounterStart is { } start && (!double.IsFinite(start) || start < 0))
        {
            throw new UserFacingException("--counter-start: must be a finite number, not negative");
        }

        foreach (var (name, ratio) in new[] { ("--ct", options.Ct), ("--pt", options.Pt) })
        {
            if (!double.IsFinite(ratio) || ratio <= 0 || ratio > 100_000)
            {
                throw new UserFacingException($"{name} {ratio.ToString(CultureInfo.InvariantCulture)}: a ratio is more than 0 and at most 100000");
            }
        }

        var framing = options.Framing switch
        {
            "tcp" => VirtualMeterFraming.Tcp,
            "rtu-over-tcp" => VirtualMeterFraming.RtuOverTcp,
            _ => throw new UserFacingException($"--framing {options.Framing}: expected tcp or rtu-over-tcp"),
        };
        if (!IPAddress.TryParse(options.Listen, out var address))
        {
            throw new UserFacingException($"--listen {options.Listen}: not an IP address");
        }

        var profile = Resolve(options.Profile, null);
        var unitIds = options.Units.Length == 0 ? [profile.Link.UnitId] : options.Units;
        foreach (var id in unitIds)
        {
            if (id is < 1 or > 247)
            {
                throw new UserFacingException($"--unit {id}: a unit id is 1..247");
            }
        }

        if (unitIds.Distinct().Count() != unitIds.Length)
        {
            throw new UserFacingException($"--unit: {string.Join(", ", unitIds.GroupBy(u => u).Where(g => g.Count() > 1).Select(g => g.Key))} given twice");
        }

        IClock clock = options.Frozen ? new FrozenClock(SystemClock.Instance.GetCurrentInstant())
            : options.Speed > 1 ? new AcceleratedClock(SystemClock.Instance, options.Speed)
            : SystemClock.Instance;
        var factory = new DemoFactory();
        var now = clock.GetCurrentInstant();
        var ratios = new TransformerRatios(options.Ct, options.Pt);
        var meters = unitIds.Select((id, index) => new VirtualMeterUnit(
            (byte)id, profile, SimulatedMeters.Values(profile, index, factory, now, options.CounterStart), ratios)).ToList();

        await using var server = new VirtualMeterServer(meters, clock, new VirtualMeterServerOptions { Port = options.Port, Address = address, Framing = framing });
        try
        {
            server.Start();
        }
        catch (SocketException ex)
        {
            var why = ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "the port is already in use; choose another with --port, or 0 for any free port",
                SocketError.AccessDenied => "permission denied (ports below 1024 need privileges); choose another with --port",
                SocketError.AddressNotAvailable => "that address is not on this machine; check --listen",
                _ => ex.Message,
            };
            throw new UserFacingException($"cannot serve virtual meters on {address}:{options.Port}: {why}", ex);
        }

        var endPoint = server.EndPoint;
        var output = Console.Out;
        foreach (var meter in meters)
        {
            await output.WriteLineAsync(UnitLine(meter, endPoint, framing, now));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"READY {endPoint.Port}"));
        await output.FlushAsync(ct);

        // Fault commands come one per line on standard input; a closed input just leaves the meters running.
        _ = Task.Run(() => ReadFaultCommands(server), CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"energysom: stopped; {server.RequestCount} requests served"));
        }

        return 0;
    }

    private static void ReadFaultCommands(VirtualMeterServer server)
    {
        while (Console.In.ReadLine() is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                Console.Out.WriteLine("OK " + FaultCommand.Execute(server, line));
            }
            catch (FormatException ex)
            {
                Console.Out.WriteLine("ERROR " + ex.Message);
            }

            Console.Out.Flush();
        }
    }

    private static string UnitLine(VirtualMeterUnit meter, IPEndPoint endPoint, VirtualMeterFraming framing, Instant now)
    {
        var profile = meter.Profile;
        var counter = profile.Points.FirstOrDefault(p => p.Quantity == Quantity.ActiveEnergyImportTotal || p.Quantity == Quantity.GasVolumeStdTotal);
        var tables = string.Join(", ", profile.Points.GroupBy(p => p.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.ToProfileName()} {g.Min(p => p.Address)}..{g.Max(p => p.End) - 1}"));
        var counterText = counter is null ? ""
            : string.Create(CultureInfo.InvariantCulture, $"; {counter.Name} {meter.CanonicalValue(counter, now):0.###} {counter.Quantity.Unit.Symbol}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"unit {meter.UnitId}: {profile.Id} ({profile.Manufacturer} {profile.Model}) at {endPoint} {(framing == VirtualMeterFraming.Tcp ? "modbus-tcp" : "rtu-over-tcp")}, {profile.Points.Count} points, {tables}{counterText}");
    }

    private static ProfileLibrary Library(string? directory)
    {
        try
        {
            return directory is null ? ProfileLibrary.LoadBundled() : ProfileLibrary.Load(directory);
        }
        catch (ProfileException ex)
        {
            throw new UserFacingException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the profile folder {directory ?? "(bundled)"}: {ex.Message}", ex);
        }
    }

    /// <summary>A bundled (or <paramref name="directory"/>) profile id, or a file path.</summary>
    private static DeviceProfile Resolve(string nameOrFile, string? directory)
    {
        var looksLikeFile = nameOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || nameOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || nameOrFile.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (looksLikeFile)
        {
            try
            {
                return ProfileLoader.LoadFile(nameOrFile);
            }
            catch (ProfileException ex)
            {
                throw new UserFacingException(ex.Message, ex);
            }
        }

        var library = Library(directory);
        return library.TryGet(nameOrFile, out var profile)
            ? profile
            : throw new UserFacingException($"no profile '{nameOrFile}' (known: {string.Join(", ", library.Profiles.Select(p => p.Id).Order(StringComparer.Ordinal))}); give a file path to use another");
    }

    private static int List(ProfileLibrary library)
    {
        var rows = library.Profiles.OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new[]
            {
                p.Id,
                $"{p.Manufacturer} {p.Model}",
                p.Source.Confidence,
                p.Points.Count.ToString(CultureInfo.InvariantCulture),
                string.Join("+", p.Points.Select(x => x.Kind.ToProfileName()).Distinct()),
            })
            .ToList();
        Console.Out.Write(Table(["id", "meter", "confidence", "points", "tables"], rows));
        return 0;
    }

    private static int Show(DeviceProfile profile)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{profile.Id}: {profile.Manufacturer} {profile.Model}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  source     {profile.Source.Datasheet}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  firmware   {profile.Source.Firmware}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  confidence {profile.Source.Confidence}");
        if (profile.Source.Url is { } url)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  url        {url}");
        }

        if (profile.Source.Notes is { } notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  notes      {notes}");
        }

        var link = profile.Link;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  link       unit id {link.UnitId}{(link.Baud is { } b ? $", {b} baud" : "")}{(link.Parity is { } parity ? $", parity {parity}" : "")}{(link.StopBits is { } s ? $", {s} stop bit(s)" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  numbering  {(profile.Numbering == RegisterNumbering.OneBased ? "one-based (register N = address N - 1)" : "modicon (30001 / 40001 = address 0)")}");
        if (profile.Ratios is { } ratios)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  ratios     CT in '{ratios.Ct ?? "-"}', PT in '{ratios.Pt ?? "-"}'{(ratios.Notes is { } n ? $": {n}" : "")}");
        }

        text.AppendLine();
        var rows = profile.Points.OrderBy(p => p.Kind).ThenBy(p => p.Address).Select(p => new[]
        {
            p.Name,
            p.Kind.ToProfileName(),
            string.Create(CultureInfo.InvariantCulture, $"{p.Address} (0x{p.Address:X4})"),
            profile.DatasheetRegister(p).ToString(CultureInfo.InvariantCulture),
            p.Type.ToProfileName(),
            p.Length > 1 ? p.Order.ToString() : "",
            p.Scale == 1 && p.Offset == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"x{p.Scale:G}{(p.Offset != 0 ? $" {p.Offset:+0.###;-0.###}" : "")}"),
            p.Unit.Symbol,
            p.Quantity.Code,
            p.Poll == PollClass.Fast ? "fast" : "slow",
            Flags(p),
        }).ToList();
        text.Append(Table(["point", "kind", "address", "register", "type", "order", "scale", "unit", "quantity", "poll", "notes"], rows));
        Console.Out.Write(text.ToString());
        return 0;
    }

    private static string Flags(RegisterPoint point)
    {
        var flags = new List<string>();
        if (point.Decoding != PointDecoding.None)
        {
            flags.Add("decode " + point.Decoding.ToProfileName());
        }

        if (point.Side == TransformerSide.Secondary)
        {
            flags.Add("secondary side");
        }

        if (point.InvalidRaw.Count > 0)
        {
            flags.Add("invalid " + string.Join("/", point.InvalidRaw.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }

        if (point.Confidence is { } confidence)
        {
            flags.Add("confidence " + confidence);
        }

        if (point.Note is { } note)
        {
            flags.Add(note);
        }

        return string.Join("; ", flags);
    }

    private static int Check(string[] files)
    {
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                var profile = ProfileLoader.LoadFile(file);
                var counters = profile.Points.Count(p => p.Quantity.Kind == QuantityKind.Counter);
                var unverified = profile.Points.Count(p => p.Confidence == "R");
                Console.Out.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{file}: ok: {profile.Id} ({profile.Manufacturer} {profile.Model}), {profile.Points.Count} points ({counters} counters), source confidence {profile.Source.Confidence}{(unverified > 0 ? $", {unverified} point(s) marked R" : "")}"));
            }
            catch (ProfileException ex)
            {
                Console.Error.WriteLine(ex.Message);
                failed++;
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static string Table(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Row(string[] cells) => text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Row(header);
        foreach (var row in rows)
        {
            Row(row);
        }

        return text.ToString();
    }

    /// <summary>A clock stopped at one instant, for <c>--frozen</c>.</summary>
    private sealed class FrozenClock(Instant instant) : IClock
    {
        public Instant GetCurrentInstant() => instant;
    }
}
