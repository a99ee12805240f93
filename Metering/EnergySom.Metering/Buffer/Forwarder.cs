using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging;

namespace EnergySom.Metering.Buffer;

/// <summary>
/// Drains a <see cref="WriteAheadBuffer"/> into a store, oldest first: each group of batches is written, and only
/// when the store has taken it is it acknowledged (and reclaimed). A failed write is retried with exponential
/// backoff (honouring a server's Retry-After) until it succeeds; readings the store refuses for good are set
/// aside in the dead-letter file with the reason. Writes are idempotent, so the at-least-once delivery after a
/// crash doubles nothing.
/// </summary>
public sealed partial class Forwarder
{
    private readonly WriteAheadBuffer _buffer;
    private readonly IReadingStore _store;
    private readonly ForwarderOptions _options;
    private readonly ILogger _logger;

    public Forwarder(WriteAheadBuffer buffer, IReadingStore store, ForwarderOptions? options, ILogger logger)
    {
        _buffer = buffer ?? throw new ArgumentNullException(nameof(buffer));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? new ForwarderOptions();
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Forwards until <paramref name="ct"/> is cancelled, waiting for new batches as they arrive.</summary>
    public Task RunAsync(CancellationToken ct) => ForwardAsync(untilEmpty: false, ct);

    /// <summary>Forwards what is buffered now and returns when the buffer is empty (or <paramref name="ct"/> is cancelled).</summary>
    public Task DrainAsync(CancellationToken ct) => ForwardAsync(untilEmpty: true, ct);

    private async Task ForwardAsync(bool untilEmpty, CancellationToken ct)
    {
        _buffer.RewindToAcknowledged();
        var backoff = _options.InitialBackoff;
        PendingReadings? pending = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                pending ??= await _buffer.ReadAsync(_options.MaxReadingsPerWrite, wait: !untilEmpty, ct);
                if (pending is null)
                {
                    return; // drained
                }

                try
                {
                    await _store.WriteAsync(pending.Readings, ct);
                }
                catch (ReadingsRejectedException rejected)
                {
                    // The rest of the batch is stored; the refused readings can never be: set them aside, loudly.
                    _buffer.SetAside(rejected.Rejected, rejected.Message);
                }

                _buffer.Acknowledge(pending);
                pending = null;
                backoff = _options.InitialBackoff;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return; // the buffer or store closed under us: shutting down
            }
            catch (Exception ex)
            {
                var wait = backoff;
                if (ex is ReadingStoreUnavailableException { RetryAfter: { } asked } && asked > wait)
                {
                    wait = asked;
                }

                _buffer.ReportForwardError(ex.Message);
                LogForwardFailed(pending?.Readings.Count ?? 0, _buffer.State.PendingReadings, wait.TotalSeconds, ex.Message);
                try
                {
                    await Task.Delay(wait, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, backoff.Ticks * 2));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "forwarding {Count} readings to the store failed ({Pending} waiting in the buffer); retrying in {Seconds:0.#} s: {Error}")]
    private partial void LogForwardFailed(int count, long pending, double seconds, string error);
}
