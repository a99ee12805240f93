using System.Net;
using System.Net.Sockets;

namespace EnergySom.Testing;

/// <summary>Free TCP ports on loopback for servers the tests start.</summary>
public static class FreePort
{
    /// <summary>A port that was free a moment ago (bind to 0, read it back, release it).</summary>
    public static int Get()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            catch (SocketException ex)
            {
                throw new TimeoutException($"nothing listens on 127.0.0.1:{port} after {timeout.TotalSeconds:0} s. {diagnostics?.Invoke()}", ex);
            }
        }
    }
}
