using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Net.Sockets;
using EnergySom.Baseline.Data;
using EnergySom.Baseline.Models;
using EnergySom.Baseline.Results;
using EnergySom.Baseline.Savings;
using EnergySom.Contracts;
using EnergySom.Contracts.Definition;
using EnergySom.Contracts.Ledger;
using EnergySom.Contracts.Storage.Sqlite;
using EnergySom.Contracts.Settlement;
using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using EnergySom.Firmware.Profiles;
using EnergySom.Firmware.Quantities;
using EnergySom.Firmware.Simulation;
using EnergySom.Firmware.VirtualMeter;
using EnergySom.Metering.Buffer;
using EnergySom.Metering.Collection;
using EnergySom.Metering.Quality;
using EnergySom.Metering.Storage;
using EnergySom.Reporting.Carbon;
using EnergySom.Reporting.Documents;
using EnergySom.Reporting.Rendering;
using EnergySom.Service.Commands;
using EnergySom.Service.Settlement;
using Microsoft.Extensions.Logging;
using NodaTime;
using IntervalSeries = EnergySom.Contracts.Settlement.IntervalSeries;

namespace EnergySom.Service.Demo;

/// <summary>
/// The demo: composes the modules into the whole chain on a generated factory. Virtual meters serve the
/// Eastron SDM630 register map over Modbus TCP on loopback; the collector polls them into the embedded store;
/// two years of history enter through the same store; daily models are fitted on the baseline year and
/// predict the reporting year; savings are settled monthly at time-of-use prices under a shared-savings
/// contract; reports are written as HTML and JSON.
/// </summary>
public static class DemoRunner
{
    private const string Site = "Demo plant (two-shift metal finishing; generated Yangtze-delta weather, priced at the sample Guangdong tariff)";
    private const string GatewayName = "demo-gateway";
    private const string StoreFileName = "readings.ests";

    /// <summary>The ledger's file name where <c>energysom</c> commands look by default (data/energysom.db).</summary>
    private const string LedgerFileName = "energysom.db";

    public static async Task<DemoResult> RunAsync(DemoOptions options, TextWriter console, CancellationToken ct)
    {
        var output = Path.GetFullPath(options.OutputDirectory);
        EnsureWritable(output);
        var work = Directory.CreateTempSubdirectory("energysom-demo-");
        try
        {
            return await RunInAsync(options, output, work.FullName, console, ct);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<DemoResult> RunInAsync(DemoOptions options, string output, string work, TextWriter console, CancellationToken ct)
    {
        var factory = new DemoFactory();
        var data = factory.Generate();
        var zone = factory.Zone;
        var profiles = ProfileLibrary.LoadBundled();
        var profile = profiles.Get("eastron-sdm630");
        var storePath = Path.Combine(work, StoreFileName);

        await using var store = EmbeddedReadingStore.Open(storePath);

        // 1. Live path: virtual meters → Modbus TCP → collector → store.
        var live = await CollectLiveAsync(options, factory, data, profile, store, Path.Combine(work, "wal"), ct);

        // 2. History through the same store interface.
        await WriteHistoryAsync(store, data, ct);

        // 3. Daily design data read back from the store, in the site's calendar.
        var days = Enumerable.Range(0, data.Days).Select(d => factory.Options.Start.PlusDays(d)).ToArray();
        var from = factory.StartInstant;
        var to = factory.EndInstant;
        var electricityDaily = new double[data.Days];
        foreach (var meter in factory.ElectricityMeters)
        {
            var buckets = await store.AggregateAsync(new SeriesKey(meter.Id, Quantity.ActiveEnergyImport.Code), from, to, CalendarPeriod.Day, zone, AggregateFunction.Sum, ct);
            for (var d = 0; d < data.Days; d++)
            {
                electricityDaily[d] += buckets[d].Value;
            }
        }

        var gasDaily = await DailyAsync(store, new SeriesKey(factory.GasMeter.Id, Quantity.GasVolumeStd.Code), AggregateFunction.Sum);
        var temperatureDaily = await DailyAsync(store, new SeriesKey("site-weather", Quantity.Temperature.Code), AggregateFunction.Mean);
        var productionDaily = await DailyAsync(store, new SeriesKey("site", Quantity.Production.Code), AggregateFunction.Sum);
        var working = days.Select(d => DemoFactory.DayTypeOf(d) == DayType.Working).ToArray();

        // 4. Production-normalised baselines on year one (degree-days at searched balance points, production, day
        //    type; variables kept by significance), frozen as versioned result files; avoided energy for year two
        //    with its uncertainty at 68/90/95 %.
        var baselineDays = factory.Options.BaselineDays;
        var reportingDays = days[baselineDays..];
        var baselineFolder = Path.Combine(work, "baseline");
        Directory.CreateDirectory(baselineFolder);
        var electricity = FitCarrier("electricity", electricityDaily, new ProductionSettings { ForcedVariables = ["production"] });
        var gas = FitCarrier("natural_gas", gasDaily, new ProductionSettings { UseCoolingDegreeDays = false, ForcedVariables = ["production"] });

        // 5. The contract, written once the baseline is frozen and loaded as any contract file is, with its tariffs;
        //    settled month by month at time-of-use prices from the daily savings and the metered 15-minute load.
        var contractFolder = Path.Combine(work, "contract");
        var contractPath = DemoContract.Write(contractFolder, electricity.Reference, gas.Reference);
        var tariffs = TariffLoader.LoadDirectory(Path.Combine(contractFolder, "tariffs"));
        var contract = ContractLoader.Load(contractPath, tariffs);
        var facilityLoad = await FacilityLoadAsync(store, factory, ct);
        await WriteBaselineSeriesAsync(store, electricity, gas, facilityLoad, ct);
        var (statements, ledgerSummary) = await SettleInLedgerAsync(work, contract, tariffs, store, reportingDays, ct);

        var statementSet = StatementSet.Create(statements);

        // 6. Reports.
        var reportingFrom = factory.Options.ReportingStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var reportingTo = factory.Options.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var mv = new MvReport(
            MvReport.CurrentSchemaVersion,
            Site,
            zone.Id,
            factory.Options.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            reportingFrom,
            reportingFrom,
            reportingTo,
            "IPMVP Option C (whole facility, sum of sub-meters), production-normalised daily regression on degree-days, production and day type",
            [
                MvReport.Carrier("electricity", "kWh", electricity.Result, electricity.Savings, zone),
                MvReport.Carrier("natural gas", "Nm3", gas.Result, gas.Savings, zone),
            ]);
        var grid = EmissionFactorCatalog.GridFactorFor(factory.Options.ReportingStart.Year);
        var account = CarbonAccount.Compute(
            electricity.Savings.AdjustedBaselineTotal, electricity.Savings.ObservedTotal, gas.Savings.AdjustedBaselineTotal, gas.Savings.ObservedTotal, grid, EmissionFactorCatalog.NaturalGas);
        var carbon = CarbonReport.Create(Site, reportingFrom, reportingTo, account,
            electricity.Savings.AdjustedBaselineTotal, electricity.Savings.ObservedTotal, gas.Savings.AdjustedBaselineTotal, gas.Savings.ObservedTotal);

        var bundle = new ReportBundle();
        bundle.Add("mv-report.json", ReportJson.Serialize(mv));
        bundle.Add("mv-report.html", HtmlReports.MvReport(mv));
        bundle.Add("statements.json", ReportJson.Serialize(statementSet));
        bundle.Add("statements.html", HtmlReports.Statements(statementSet));
        foreach (var statement in statements)
        {
            bundle.Add($"statements/{statement.Period}.json", ReportJson.Serialize(statement));
        }

        bundle.Add("carbon-report.json", ReportJson.Serialize(carbon));
        bundle.Add("carbon-report.html", HtmlReports.CarbonReport(carbon));
        bundle.Add("index.html", HtmlReports.Index(Site,
        [
            ("M&V report (auditors)", "mv-report.html"),
            ("Settlement statements (ESCO and factory)", "statements.html"),
            ("Carbon report (regulator)", "carbon-report.html"),
        ]));

        foreach (var file in Directory.EnumerateFiles(work, "*", SearchOption.AllDirectories)
            .Where(f => f.StartsWith(baselineFolder, StringComparison.Ordinal) || f.StartsWith(contractFolder, StringComparison.Ordinal)))
        {
            bundle.Add(Path.GetRelativePath(work, file).Replace('\\', '/'), File.ReadAllText(file));
        }

        var files = bundle.WriteTo(output).ToList();
        await store.DisposeAsync();
        foreach (var (source, name) in new[]
        {
            (storePath, Path.Combine("data", StoreFileName)),
            (Path.Combine(work, "data", LedgerFileName), Path.Combine("data", LedgerFileName)),
            (Path.Combine(work, "keys", "esco.pem"), Path.Combine("keys", "esco.pem")),
            (Path.Combine(work, "keys", "factory.pem"), Path.Combine("keys", "factory.pem")),
        })
        {
            var target = Path.Combine(output, name);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(source, target, overwrite: true);
            files.Add(target);
        }

        var result = new DemoResult(
            0,
            live.Stored,
            live.Served,
            live.PerMeter,
            electricity.Savings.AvoidedEnergy,
            data.TrueElectricitySavings(),
            gas.Savings.AvoidedEnergy,
            data.TrueGasSavings(),
            statementSet.TotalSavingsValue,
            statementSet.TotalEscoAmount,
            statementSet.TotalFactoryAmount,
            account.AvoidedTonnes,
            files);
        PrintSummary(console, options, output, live, electricity, gas, contract, ledgerSummary, result);
        return result;

        async Task<double[]> DailyAsync(IReadingStore s, SeriesKey key, AggregateFunction function)
        {
            var buckets = await s.AggregateAsync(key, from, to, CalendarPeriod.Day, zone, function, ct);
            return buckets.Select(b => b.Value).ToArray();
        }

        ProductionConditions Conditions(int first, int end) => new(
            end - first,
            [new ProductionVariable("production", ProductionVariableKind.Production, productionDaily[first..end], "t")],
            temperatureDaily[first..end],
            [.. days[first..end].Select(d => DemoFactory.DayTypeOf(d) switch
            {
                DayType.Working => ProductionDayType.Working,
                DayType.Weekend => ProductionDayType.Weekend,
                _ => ProductionDayType.Holiday,
            })]);

        CarrierBaseline FitCarrier(string carrier, double[] energy, ProductionSettings settings)
        {
            var baselinePeriod = new Interval(factory.StartInstant, factory.ReportingStartInstant);
            var fit = ProductionModel.Fit(energy.AsSpan(0, baselineDays), Conditions(0, baselineDays), settings);
            var result = fit.ToResult(new FitContext { BaselinePeriod = ResultPeriod.Of(baselinePeriod), TemperatureUnit = TemperatureUnit.Celsius });
            var id = $"bl-demo-{carrier.Replace('_', '-')}";
            var bytes = Encoding.UTF8.GetBytes(ResultJson.Serialize(result) + "\n");
            File.WriteAllBytes(Path.Combine(baselineFolder, id + ".json"), bytes);
            var reference = new BaselineResultReference(id, "1", Convert.ToHexStringLower(SHA256.HashData(bytes)));
            var periods = days[baselineDays..].Select(d => new ResultPeriod(d.AtStartOfDayInZone(zone).ToInstant(), d.PlusDays(1).AtStartOfDayInZone(zone).ToInstant())).ToList();
            var savings = ProductionSavings.Compute(fit, result, periods, energy.AsSpan(baselineDays), Conditions(baselineDays, data.Days), new Interval(factory.ReportingStartInstant, factory.EndInstant));
            File.WriteAllText(Path.Combine(baselineFolder, id + "-savings-2025.json"), ResultJson.Serialize(savings) + "\n");
            return new CarrierBaseline(fit, result, reference, savings);
        }
    }

    /// <summary>A carrier's frozen baseline: the fit, its versioned record and the reference the contract pins, and the year-two savings.</summary>
    private sealed record CarrierBaseline(ProductionFit Fit, BaselineResult Result, BaselineResultReference Reference, SavingsResult Savings)
    {
        public DailySeries DailyAvoided(LocalDate firstDay) => new(firstDay, [.. Savings.Periods.Select(p => p.Avoided)]);
    }


    private sealed record LiveSummary(long Stored, long Served, long PollsOk, long PollsFailed, long Pending, long Forwarded, IReadOnlyDictionary<string, int> PerMeter, IReadOnlyList<string> Samples);

    /// <summary>
    /// The collector's path as <c>energysom collect</c> runs it: each poll's readings are appended to the
    /// write-ahead buffer and flushed to disk before they count as taken; the forwarder drains the buffer into
    /// the store (idempotent writes), and is drained to empty before the store is read back.
    /// </summary>
    private static async Task<LiveSummary> CollectLiveAsync(DemoOptions options, DemoFactory factory, DemoFactoryData data, DeviceProfile profile, IReadingStore store, string walDirectory, CancellationToken ct)
    {
        var clock = SystemClock.Instance;
        var units = factory.ElectricityMeters.Select((meter, m) =>
        {
            var values = new LoadModelValues(t => factory.PowerAt(m, t), factory.EndInstant, data.MeterTotal(m));
            values.ImportKwh(clock.GetCurrentInstant()); // bring the counter from the end of the history to now before serving
            return new VirtualMeterUnit((byte)(m + 1), profile, values);
        }).ToList();
        await using var server = new VirtualMeterServer(units, clock, options.Port);
        try
        {
            server.Start();
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new UserFacingException($"cannot serve the virtual meters on 127.0.0.1:{options.Port}: {(ex.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use" : "permission denied")}; choose another with --port, or 0 for any free port", ex);
        }

        var gateway = new GatewayConfig(
            GatewayName,
            "127.0.0.1",
            server.EndPoint.Port,
            factory.ElectricityMeters.Select((meter, m) => new MeterConfig(meter.Id, (byte)(m + 1), profile)).ToList());
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        await using var buffer = WriteAheadBuffer.Open(walDirectory, new WriteAheadBufferOptions { MaxBytes = 64L << 20, SegmentBytes = 8L << 20 }, clock, loggerFactory.CreateLogger<WriteAheadBuffer>());
        var forwarder = new Forwarder(buffer, store, new ForwarderOptions(), loggerFactory.CreateLogger<Forwarder>());
        using var forwardStop = new CancellationTokenSource();
        var forwarding = Task.Run(() => forwarder.RunAsync(forwardStop.Token), CancellationToken.None);
        var collector = new Collector(
            [gateway],
            buffer,
            clock,
            new CollectorOptions
            {
                FastInterval = TimeSpan.FromMilliseconds(250),
                SlowInterval = TimeSpan.FromSeconds(1),
                MaxReadGap = 16,

                // Loopback answers in microseconds; the generous timeout only covers a loaded machine's first (JIT) reply.
                Modbus = new Metering.Modbus.ModbusClientOptions { RequestTimeout = TimeSpan.FromSeconds(5) },
            },
            loggerFactory.CreateLogger<Collector>());
        var started = clock.GetCurrentInstant();
        using (var window = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            window.CancelAfter(options.LiveDuration);
            await collector.RunAsync(window.Token);
        }

        await forwardStop.CancelAsync();
        await forwarding;
        await forwarder.DrainAsync(ct); // everything the buffer took reaches the store before it is read back
        ct.ThrowIfCancellationRequested();
        var state = buffer.State;
        var until = clock.GetCurrentInstant().Plus(Duration.FromSeconds(1));
        var perMeter = new Dictionary<string, int>();
        var samples = new List<string>();
        foreach (var meter in factory.ElectricityMeters)
        {
            var count = 0;
            foreach (var point in profile.Points)
            {
                count += (await store.ReadAsync(new SeriesKey(meter.Id, point.Name), started, until, ct)).Count;
            }

            perMeter[meter.Id] = count;
            var power = await store.ReadAsync(new SeriesKey(meter.Id, "active_power"), started, until, ct);
            var energy = await store.ReadAsync(new SeriesKey(meter.Id, "active_energy_import"), started, until, ct);
            if (power.Count > 0 && energy.Count > 0)
            {
                samples.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{meter.Id,-16} {power.Count,3} power readings, last {power[^1].Value,8:N1} kW; import register {energy[^1].Value,12:N1} kWh"));
            }
        }

        return new LiveSummary(collector.ReadingsStored, server.RequestCount, collector.PollsOk, collector.PollsFailed, state.PendingReadings, state.ForwardedReadings, perMeter, samples);
    }

    private static async Task WriteHistoryAsync(IReadingStore store, DemoFactoryData data, CancellationToken ct)
    {
        var factory = data.Factory;
        const int BatchSize = 50_000;
        var batch = new List<Reading>(BatchSize);
        async Task Add(Reading reading)
        {
            batch.Add(reading);
            if (batch.Count == BatchSize)
            {
                await store.WriteAsync(batch, ct);
                batch.Clear();
            }
        }

        for (var m = 0; m < factory.ElectricityMeters.Count; m++)
        {
            var key = new SeriesKey(factory.ElectricityMeters[m].Id, Quantity.ActiveEnergyImport.Code);
            var values = data.Electricity[m];
            for (var i = 0; i < values.Length; i++)
            {
                await Add(new Reading(key, data.IntervalStart(i), values[i], QualityFlags.Imported));
            }
        }

        var gas = new SeriesKey(factory.GasMeter.Id, Quantity.GasVolumeStd.Code);
        var production = new SeriesKey("site", Quantity.Production.Code);
        for (var d = 0; d < data.Days; d++)
        {
            await Add(new Reading(gas, data.DayStart(d), data.Gas[d], QualityFlags.Imported));
            await Add(new Reading(production, data.DayStart(d), data.DailyProduction[d], QualityFlags.Imported));
        }

        var temperature = new SeriesKey("site-weather", Quantity.Temperature.Code);
        for (var h = 0; h < data.HourlyTemperature.Count; h++)
        {
            await Add(new Reading(temperature, data.HourStart(h), data.HourlyTemperature[h], QualityFlags.Imported));
        }

        if (batch.Count > 0)
        {
            await store.WriteAsync(batch, ct);
        }
    }

    /// <summary>What the demo's ledger holds once every month is settled and approved.</summary>
    private sealed record LedgerSummary(int Final, long Entries, long Signatures, bool Intact, string? Fault);

    /// <summary>
    /// The adjusted baseline of each carrier in the reading store, where <c>energysom settle</c> reads it
    /// (<see cref="SettlementReadings.BaselineSeriesMeter"/>): gas per day; electricity per 15 minutes, each day's
    /// prediction spread over its intervals in proportion to the metered load (the contract's pro-rata allocation).
    /// </summary>
    private static async Task WriteBaselineSeriesAsync(IReadingStore store, CarrierBaseline electricity, CarrierBaseline gas, IntervalSeries facility, CancellationToken ct)
    {
        var electricityKey = new SeriesKey(SettlementReadings.BaselineSeriesMeter(electricity.Reference), SettlementReadings.QuantityOf(EnergyCarrier.Electricity));
        var load = facility.Values.ToArray();
        var readings = new List<Reading>(load.Length);
        var perDay = DemoFactory.IntervalsPerDay;
        for (var d = 0; d < electricity.Savings.Periods.Count; d++)
        {
            var predicted = electricity.Savings.Periods[d].AdjustedBaseline;
            var day = load.AsSpan(d * perDay, perDay);
            var total = Baseline.Numerics.CompensatedSum.Of(day);
            for (var i = 0; i < perDay; i++)
            {
                var share = total > 0 ? day[i] / total : 1.0 / perDay;
                readings.Add(new Reading(electricityKey, facility.Start + (DemoFactory.Interval * ((d * perDay) + i)), predicted * share, QualityFlags.Estimated));
            }
        }

        var gasKey = new SeriesKey(SettlementReadings.BaselineSeriesMeter(gas.Reference), SettlementReadings.QuantityOf(EnergyCarrier.NaturalGas));
        readings.AddRange(gas.Savings.Periods.Select(p => new Reading(gasKey, p.Period.From, p.AdjustedBaseline, QualityFlags.Estimated)));
        await store.WriteAsync(readings, ct);
    }

    /// <summary>
    /// The contract's life in the ledger, as the parties would live it: both keys registered, the contract registered
    /// by the ESCO, each month settled from the store and drafted by the ESCO, approved by the ESCO and then the
    /// factory; finally the whole chain verified.
    /// </summary>
    private static async Task<(IReadOnlyList<SettlementStatement> Statements, LedgerSummary Summary)> SettleInLedgerAsync(
        string work, Contract contract, TariffLibrary tariffs, IReadingStore store, IReadOnlyList<LocalDate> reportingDays, CancellationToken ct)
    {
        var keys = Path.Combine(work, "keys");
        Directory.CreateDirectory(keys);
        Directory.CreateDirectory(Path.Combine(work, "data"));
        using var escoKey = PartyKey.Generate();
        using var factoryKey = PartyKey.Generate();
        var esco = contract.Parties.Esco.Id;
        var host = contract.Parties.Host.Id;
        await File.WriteAllTextAsync(Path.Combine(keys, "esco.pem"), escoKey.ExportPrivatePem(esco), ct);
        await File.WriteAllTextAsync(Path.Combine(keys, "factory.pem"), factoryKey.ExportPrivatePem(host), ct);

        var statements = new List<SettlementStatement>();
        await using var ledgerStore = SqliteLedgerStore.Open(Path.Combine(work, "data", LedgerFileName), create: true);
        var ledger = new ContractLedger(ledgerStore, SystemClock.Instance);
        await ledger.Keys.RegisterAsync(esco, escoKey.PublicKey, escoKey, ct);
        await ledger.Keys.RegisterAsync(host, factoryKey.PublicKey, escoKey, ct); // the ESCO introduces the factory's key, received with the signed contract
        await ledger.Contracts.RegisterAsync(new ContractRegistration(contract.Id, esco, host, ContractJson.Canonical(contract)), escoKey, ct);
        var final = 0;
        for (var month = new YearMonth(reportingDays[0].Year, reportingDays[0].Month); month.OnDayOfMonth(1) <= reportingDays[^1]; month = month.PlusMonths(1))
        {
            var period = SettlementRun.FindPeriod(contract, month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            var run = await SettlementRun.SettleAsync(ledger, contract, tariffs, store, period, Path.Combine(work, "baseline"), escoKey, ct);
            await ledger.Statements.ApproveAsync(run.View.StatementId, Contracts.Ledger.PartyRole.Esco, escoKey, ct);
            var approved = await ledger.Statements.ApproveAsync(run.View.StatementId, Contracts.Ledger.PartyRole.Factory, factoryKey, ct);
            final += approved.State == StatementState.Final ? 1 : 0;
            statements.Add(run.Statement);
        }

        var verification = await LedgerVerifier.VerifyAsync(ledgerStore, null, ct);
        return (statements, new LedgerSummary(final, verification.Entries, verification.SignaturesChecked, verification.IsIntact, verification.Fault?.ToString()));
    }

    /// <summary>The facility's metered 15-minute energy over the reporting year (sum of the sub-meters): the weights that spread each day's baseline prediction.</summary>
    private static async Task<IntervalSeries> FacilityLoadAsync(IReadingStore store, DemoFactory factory, CancellationToken ct)
    {
        var from = factory.ReportingStartInstant;
        var intervals = (int)((factory.EndInstant - from) / DemoFactory.Interval);
        var facility = new double[intervals];
        foreach (var meter in factory.ElectricityMeters)
        {
            var readings = await store.ReadAsync(new SeriesKey(meter.Id, Quantity.ActiveEnergyImport.Code), from, factory.EndInstant, ct);
            if (readings.Count != intervals)
            {
                throw new InvalidOperationException($"{meter.Id}: {readings.Count} intervals in the reporting period, expected {intervals}");
            }

            for (var i = 0; i < intervals; i++)
            {
                facility[i] += readings[i].Value;
            }

        }

        return new IntervalSeries(from, DemoFactory.Interval, facility);
    }

    private static void EnsureWritable(string output)
    {
        try
        {
            Directory.CreateDirectory(output);
            var probe = Path.Combine(output, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot write to the output folder {output}: {ex.Message}", ex);
        }
    }

    private static void PrintSummary(TextWriter console, DemoOptions options, string output, LiveSummary live, CarrierBaseline electricity, CarrierBaseline gas, Contract contract, LedgerSummary ledger, DemoResult result)
    {
        var c = CultureInfo.InvariantCulture;
        console.WriteLine("EnergySom demo: one factory, from Modbus meter to settled statement and carbon report");
        console.WriteLine();
        console.WriteLine(string.Create(c, $"Live Modbus TCP (3 virtual Eastron SDM630 on 127.0.0.1, {options.LiveDuration.TotalSeconds:0.#} s):"));
        console.WriteLine(string.Create(c, $"  {live.PollsOk} reads ok, {live.PollsFailed} failed, {live.Served} requests served"));
        console.WriteLine(string.Create(c, $"  {live.Stored} readings flushed to the write-ahead buffer, {live.Forwarded} forwarded to the embedded store ({live.Pending} left), read back below"));
        foreach (var sample in live.Samples)
        {
            console.WriteLine("  " + sample);
        }

        console.WriteLine();
        console.WriteLine("Baseline (2024, production-normalised regression, ASHRAE Guideline 14 statistics):");
        foreach (var (name, carrier) in new[] { ("electricity", electricity), ("gas", gas) })
        {
            var s = carrier.Result.Statistics;
            var balance = carrier.Result.BalancePoints;
            var points = string.Join(", ", new[] { ("heating", balance?.Heating), ("cooling", balance?.Cooling) }.Where(b => b.Item2 is not null).Select(b => string.Create(c, $"{b.Item1} {b.Item2:0.#} °C")));
            console.WriteLine(string.Create(c, $"  {name,-11} {string.Join(" + ", carrier.Result.Coefficients.Select(t => t.Name))}{(points.Length > 0 ? $"  (balance points: {points})" : "")}"));
            console.WriteLine(string.Create(c, $"              n={s.N} R²={s.RSquared:0.000} adj.R²={s.AdjustedRSquared:0.000} CV(RMSE)={100 * s.CvRmse:0.0}% NMBE={100 * s.Nmbe:0.00}%  Guideline 14: {(s.Guideline14?.Meets == true ? "meets" : "does not meet")}"));
        }

        console.WriteLine();
        console.WriteLine("Avoided energy in 2025 (adjusted baseline − actual), 90 % uncertainty (Guideline 14 with autocorrelation):");
        console.WriteLine(string.Create(c, $"  electricity {result.ElectricitySavingsFound,12:N0} ± {Band(electricity)} kWh found vs {result.ElectricitySavingsTrue,12:N0} kWh true ({Error(result.ElectricitySavingsFound, result.ElectricitySavingsTrue)})"));
        console.WriteLine(string.Create(c, $"  gas         {result.GasSavingsFound,12:N0} ± {Band(gas)} Nm³ found vs {result.GasSavingsTrue,12:N0} Nm³ true ({Error(result.GasSavingsFound, result.GasSavingsTrue)})"));
        console.WriteLine();
        console.WriteLine(string.Create(c, $"Contract {contract.Id} (shared savings, loaded from contract/{DemoContract.FileName}, baseline pinned by SHA-256):"));
        console.WriteLine("  12 monthly statements, savings at time-of-use prices (peak/flat/valley, summer critical peak) and gas per m³:");
        console.WriteLine(string.Create(c, $"  savings value {result.SavingsValue,14:N2} CNY"));
        console.WriteLine(string.Create(c, $"  to the ESCO   {result.EscoAmount,14:N2} CNY (70 %)"));
        console.WriteLine(string.Create(c, $"  to the factory{result.FactoryAmount,14:N2} CNY"));
        console.WriteLine(string.Create(c, $"  ledger        {ledger.Final} statements final (drafted by the ESCO, approved by the ESCO and the factory); {ledger.Entries} hash-chained entries, {ledger.Signatures} signatures: {(ledger.Intact ? "verified intact" : "FAULT " + ledger.Fault)}"));
        var command = Environment.GetEnvironmentVariable("ENERGYSOM_COMMAND") is { Length: > 0 } script ? script : "energysom";
        console.WriteLine($"  reproduce a month: cd {output} && {command} settle --contract {contract.Id} --period 2025-03 --tariffs contract/tariffs");
        console.WriteLine();
        console.WriteLine(string.Create(c, $"Carbon avoided: {result.AvoidedTonnesCo2:N1} tCO₂ (Scope 1 gas + Scope 2 grid electricity)"));
        console.WriteLine();
        console.WriteLine($"Reports in {output}:");
        foreach (var file in result.Files)
        {
            console.WriteLine("  " + Path.GetRelativePath(output, file));
        }

        static string Band(CarrierBaseline carrier) =>
            carrier.Savings.Uncertainty.FirstOrDefault(u => u.Method == SavingsReport.Guideline14Method && Math.Abs(u.Confidence - 0.90) < 1e-9) is { } u
                ? u.Absolute.ToString("N0", CultureInfo.InvariantCulture)
                : "?";

        static string Error(double found, double truth) =>
            string.Create(CultureInfo.InvariantCulture, $"{100 * (found - truth) / truth:+0.0;-0.0}%");
    }
}
