using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EnergySom.Testing;

namespace EnergySom.Metering.Tests.Peers;

/// <summary>
/// A real InfluxDB 1.x (Debian's <c>influxd</c>) for one test class: on loopback only (HTTP and the RPC/backup port
/// both bound to 127.0.0.1), on free ports, in a temporary folder, with a generated config (usage reporting,
/// monitor store, other listeners and continuous queries off; WAL fsync without delay). Can be stopped and started
/// again on the same port and data, as an outage.
/// </summary>
/// <remarks>The config follows the one verified in the project's peer notes (start-influxdb.sh); written here so tests
/// do not depend on anything outside the repository.</remarks>
public sealed class InfluxDbServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("esom-influx-");
    private readonly int _rpcPort = FreePort.Get();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private PeerProcess? _process;

    private InfluxDbServer(bool auth, long maxBodySize)
    {
        Port = FreePort.Get();
        Auth = auth;
        File.WriteAllText(ConfigPath, Config(maxBodySize));
    }

    public int Port { get; }

    public bool Auth { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public string DataDirectory => _dir.Path;

    public string Output => _process?.Output ?? "(not running)";

    private string ConfigPath => _dir.File("influxdb.conf");

    /// <summary>Starts a server; with <paramref name="auth"/>, creates the admin user <c>admin</c> / <c>admin-secret</c>.</summary>
    public static async Task<InfluxDbServer> StartAsync(bool auth = false, long maxBodySize = 25_000_000)
    {
        var server = new InfluxDbServer(auth, maxBodySize);
        try
        {
            await server.StartAgainAsync();
            if (auth)
            {
                // With auth on and no user yet, 1.x accepts exactly one unauthenticated CREATE USER … WITH ALL PRIVILEGES.
                await server.QueryAsync("CREATE USER \"admin\" WITH PASSWORD 'admin-secret' WITH ALL PRIVILEGES", credentials: false);
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts influxd (again) on the same port and data, and waits for <c>/ping</c>.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("influxd is already running; stop it first");
        }

        _process = PeerProcess.Start("influxd", ["run", "-config", ConfigPath], workingDirectory: _dir.Path);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited during startup:\n{_process.Output}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri(Url, "ping"));
                if (response.StatusCode == HttpStatusCode.NoContent)
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
                throw new TimeoutException($"influxd did not answer /ping on port {Port} within 30 s:\n{_process.Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops influxd (SIGTERM, then SIGKILL after 10 s); the data stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Runs InfluxQL as the admin (POST /query) and returns the JSON body; throws on a non-200 answer.</summary>
    public async Task<string> QueryAsync(string query, string? database = null, bool credentials = true)
    {
        var form = new Dictionary<string, string> { ["q"] = query, ["epoch"] = "ns" };
        if (database is not null)
        {
            form["db"] = database;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Url, "query")) { Content = new FormUrlEncodedContent(form) };
        if (Auth && credentials)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin-secret")));
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"influxd answered {(int)response.StatusCode} to {query}: {body}");
        }

        return body;
    }

    public Task CreateDatabaseAsync(string name) => QueryAsync($"CREATE DATABASE \"{name}\"");

    private string Config(long maxBodySize) => string.Create(CultureInfo.InvariantCulture, $"""
        # generated by the EnergySom tests: loopback only, no phone-home
        reporting-enabled = false
        bind-address = "127.0.0.1:{_rpcPort}"

        [meta]
          dir = "{_dir.File("meta")}"
          logging-enabled = false

        [data]
          dir = "{_dir.File("data")}"
          wal-dir = "{_dir.File("wal")}"
          query-log-enabled = false
          wal-fsync-delay = "0s"

        [monitor]
          store-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:{Port}"
          auth-enabled = {(Auth ? "true" : "false")}
          log-enabled = false
          suppress-write-log = true
          pprof-enabled = false
          https-enabled = false
          unix-socket-enabled = false
          max-body-size = {maxBodySize}

        [logging]
          level = "warn"
          suppress-logo = true

        [subscriber]
          enabled = false

        [ifql]
          enabled = false

        [[graphite]]
          enabled = false
        [[collectd]]
          enabled = false
        [[opentsdb]]
          enabled = false
        [[udp]]
          enabled = false

        [continuous_queries]
          enabled = false
        """);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _dir.Dispose();
    }
}
