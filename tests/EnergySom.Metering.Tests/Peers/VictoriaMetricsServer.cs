using System.Net;
using System.Text.Json;
using EnergySom.Testing;

namespace EnergySom.Metering.Tests.Peers;

/// <summary>
/// A real VictoriaMetrics (Debian's <c>victoria-metrics</c>): it accepts InfluxDB line protocol on
/// <c>/api/v2/write</c>, so it is the v2 write path's peer. Started with <c>-retentionPeriod=100y</c> (or it drops
/// old timestamps silently) and <c>-search.latencyOffset=0s</c> (or it hides fresh ones), on loopback.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("esom-vm-");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private PeerProcess? _process;

    public int Port { get; } = FreePort.Get();

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public async Task InitializeAsync()
    {
        _process = PeerProcess.Start("victoria-metrics",
        [
            $"-storageDataPath={_dir.File("data")}", $"-httpListenAddr=127.0.0.1:{Port}", "-retentionPeriod=100y", "-search.latencyOffset=0s", "-loggerLevel=ERROR",
        ]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"victoria-metrics exited during startup:\n{_process.Output}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(Url, "health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"victoria-metrics did not answer /health within 30 s:\n{_process.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The series matching <paramref name="selector"/> from <c>/api/v1/export</c>: labels, values and timestamps (ms).
    /// Waits until at least <paramref name="expectedPoints"/> points are visible (VictoriaMetrics makes fresh data
    /// searchable within about a second).
    /// </summary>
    public async Task<List<(Dictionary<string, string> Labels, double[] Values, long[] Timestamps)>> ExportAsync(string selector, int expectedPoints)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["match[]"] = selector });
            using var response = await _http.PostAsync(new Uri(Url, "api/v1/export"), content);
            var body = await response.Content.ReadAsStringAsync();
            var series = new List<(Dictionary<string, string>, double[], long[])>();
            foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var labels = root.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
                series.Add((labels,
                    root.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                    root.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToArray()));
            }

            if (series.Sum(s => s.Item2.Length) >= expectedPoints || DateTime.UtcNow > deadline)
            {
                return series;
            }

            await Task.Delay(200);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _http.Dispose();
        _dir.Dispose();
    }
}
