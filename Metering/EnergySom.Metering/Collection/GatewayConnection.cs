using System.Diagnostics;
using EnergySom.Firmware.Profiles;
using EnergySom.Metering.Modbus;
using EnergySom.Metering.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace EnergySom.Metering.Collection;

/// <summary>
/// One connection to a gateway and the meters polled over it, one request at a time, in slots of the fast
/// interval. A serial bus has exactly one; a gateway that is not a serial bus may have several, polled
/// concurrently. A meter that stops answering costs the cycle one timeout and is then skipped until its
/// backoff expires, so the other meters keep their slots.
/// </summary>
internal sealed class GatewayConnection
{
    private readonly GatewayConfig _gateway;
    private readonly IReadOnlyList<MeterSchedule> _meters;
    private readonly ModbusClientOptions _clientOptions;
    private readonly Collector _owner;
    private readonly IReadingSink _sink;
    private readonly IClock _clock;
    private readonly CollectorOptions _options;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _gatewayTag;
    private readonly List<Reading> _pending = [];

    public GatewayConnection(GatewayConfig gateway, IReadOnlyList<MeterSchedule> meters, ModbusClientOptions clientOptions, Collector owner, IReadingSink sink, IClock clock, CollectorOptions options, ILogger logger)
    {
        _gateway = gateway;
        _meters = meters;
        _clientOptions = clientOptions;
        _owner = owner;
        _sink = sink;
        _clock = clock;
        _options = options;
        _logger = logger;
        _gatewayTag = new("gateway", gateway.Name);
    }

    public IReadOnlyList<MeterSchedule> Meters => _meters;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var client = ModbusClient.Create(_gateway.Name, _gateway.Host, _gateway.Port, _gateway.Framing, _clientOptions, _clock, _logger);
        var buffer = new byte[ModbusPdu.MaxBitsPerRead];
        var values = new double[ModbusPdu.MaxBitsPerRead];
        var interval = Duration.FromTimeSpan(_options.FastInterval);
        var slot = _clock.GetCurrentInstant();
        foreach (var meter in _meters)
        {
            meter.NextSlow = slot;
        }

        var overrunning = false;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var batch = new List<Reading>();
                try
                {
                    await PollCycleAsync(client, buffer, values, batch, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A bug must not silently stop this gateway's polling: log it and keep the schedule.
                    CollectorLog.CycleFailed(_logger, _gateway.Name, ex);
                }
                finally
                {
                    // Whatever was read before a cancellation is written too: nothing read is dropped.
                    await WriteAsync(batch);
                }

                // Slots stay on the grid start + k × interval; after an overrun the missed slots are skipped, not
                // burst, so a slow cycle never snowballs.
                var now = _clock.GetCurrentInstant();
                var next = slot + interval;
                if (next <= now)
                {
                    var skipped = ((now - slot).BclCompatibleTicks / interval.BclCompatibleTicks);
                    CollectorMetrics.CycleOverruns.Add(1, _gatewayTag);
                    if (!overrunning)
                    {
                        CollectorLog.CycleOverrun(_logger, _gateway.Name, (now - slot).TotalMilliseconds, interval.TotalMilliseconds, skipped);
                    }

                    overrunning = true;
                    next = slot + (interval * (skipped + 1));
                }
                else
                {
                    overrunning = false;
                }

                slot = next;
                var wait = slot - _clock.GetCurrentInstant();
                if (wait > Duration.Zero)
                {
                    await Task.Delay(wait.ToTimeSpan(), ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            if (_pending.Count > 0)
            {
                await WriteAsync([]);
            }
        }
    }

    private async Task PollCycleAsync(ModbusClient client, byte[] buffer, double[] values, List<Reading> batch, CancellationToken ct)
    {
        foreach (var meter in _meters)
        {
            ct.ThrowIfCancellationRequested();
            var now = _clock.GetCurrentInstant();
            if (meter.IsBackingOff(now))
            {
                continue;
            }

            var slowDue = now >= meter.NextSlow;
            if (!await PollMeterAsync(client, meter, slowDue, buffer, values, batch, ct))
            {
                // The gateway itself is unreachable: the client's reconnect backoff decides when to try again, and
                // the rest of this cycle's meters would only fail the same way.
                return;
            }

            if (slowDue)
            {
                var slow = Duration.FromTimeSpan(_options.SlowInterval);
                while (meter.NextSlow <= now)
                {
                    meter.NextSlow += slow;
                }
            }
        }
    }

    /// <summary>Polls one meter's due reads; false when the gateway connection failed.</summary>
    private async ValueTask<bool> PollMeterAsync(ModbusClient client, MeterSchedule meter, bool slowDue, byte[] buffer, double[] values, List<Reading> batch, CancellationToken ct)
    {
        var config = meter.Config;
        var answered = false;
        foreach (var read in meter.Reads)
        {
            var plan = read.Plan;
            if (plan.Poll == PollClass.Slow && !slowDue)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await client.ReadAsync(config.Unit, plan.Kind, plan.Start, plan.Count, buffer, meter.Timeout, ct);
            }
            catch (ModbusDeviceException ex) when (ex.Code is not (0x0A or 0x0B))
            {
                // The meter answered, but refuses this read (a wrong address in the profile, a busy meter): the
                // meter is alive and its other reads go on.
                answered = true;
                CountPoll(meter, false, started);
                meter.ReadError(ex.Message);
                if (read.FailingWith != ex.Message)
                {
                    read.FailingWith = ex.Message;
                    CollectorLog.ReadFailed(_logger, _gateway.Name, config.Unit, config.MeterId, plan.Start, ex.Message);
                }

                continue;
            }
            catch (ModbusConnectionException ex)
            {
                CountPoll(meter, false, started);
                meter.ReadError(ex.Message);
                return false;
            }
            catch (ModbusException ex)
            {
                // Timeout, malformed reply, or the gateway reports the meter unreachable (0x0A/0x0B): the meter is
                // faulted for this cycle and retried on its own schedule.
                CountPoll(meter, false, started);
                MeterFailed(meter, plan.Start, ex.Message);
                return true;
            }

            var time = _clock.GetCurrentInstant();
            read.Decoder.Decode(buffer, values);
            for (var i = 0; i < read.Series.Length; i++)
            {
                var value = values[i];
                batch.Add(new Reading(read.Series[i], time, value, double.IsFinite(value) ? QualityFlags.None : QualityFlags.Invalid));
            }

            answered = true;
            CountPoll(meter, true, started);
            if (read.FailingWith is not null)
            {
                read.FailingWith = null;
                CollectorLog.ReadRecovered(_logger, _gateway.Name, config.Unit, config.MeterId, plan.Start);
            }
        }

        if (answered)
        {
            var recovered = meter.Answered(_clock.GetCurrentInstant());
            if (recovered > 0)
            {
                CollectorMetrics.MetersFaulted.Add(-1, _gatewayTag);
                CollectorLog.MeterRecovered(_logger, _gateway.Name, config.Unit, config.MeterId, recovered);
            }
        }

        return true;
    }

    private void MeterFailed(MeterSchedule meter, int register, string error)
    {
        var wasFaulted = meter.Health == MeterHealth.Faulted;
        var delay = meter.Failed(_clock.GetCurrentInstant(), error);
        var config = meter.Config;
        if (delay is null)
        {
            // Not faulted yet: retried in the next cycle.
            CollectorLog.ReadFailed(_logger, _gateway.Name, config.Unit, config.MeterId, register, error);
        }
        else if (wasFaulted)
        {
            CollectorLog.MeterStillFaulted(_logger, _gateway.Name, config.Unit, config.MeterId, register, meter.ConsecutiveFailures, error, delay.Value.TotalMilliseconds);
        }
        else
        {
            CollectorMetrics.MetersFaulted.Add(1, _gatewayTag);
            CollectorLog.MeterFaulted(_logger, _gateway.Name, config.Unit, config.MeterId, register, error, delay.Value.TotalMilliseconds);
        }
    }

    private void CountPoll(MeterSchedule meter, bool ok, long started)
    {
        meter.CountPoll(ok);
        _owner.CountPoll(ok);
        CollectorMetrics.Polls.Add(1, _gatewayTag, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));
        CollectorMetrics.PollDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, _gatewayTag);
    }

    /// <summary>Hands the batch (after anything the sink refused before) to the sink; keeps it if the sink fails.</summary>
    private async ValueTask WriteAsync(List<Reading> batch)
    {
        IReadOnlyList<Reading> toWrite = batch;
        if (_pending.Count > 0)
        {
            _pending.AddRange(batch);
            toWrite = _pending.ToArray();
        }

        if (toWrite.Count == 0)
        {
            return;
        }

        try
        {
            // Not cancellable: readings already taken from the meters must reach the sink even while stopping.
            await _sink.WriteAsync(toWrite, CancellationToken.None);
            _pending.Clear();
            _owner.CountReadings(toWrite.Count);
            CollectorMetrics.Readings.Add(toWrite.Count, _gatewayTag);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (_pending.Count == 0)
            {
                _pending.AddRange(batch);
            }

            CollectorLog.SinkFailed(_logger, _gateway.Name, toWrite.Count, ex.Message);
            var excess = _pending.Count - _options.MaxPendingReadings;
            if (excess > 0)
            {
                _pending.RemoveRange(0, excess);
                CollectorMetrics.ReadingsDropped.Add(excess, _gatewayTag);
                CollectorLog.ReadingsDropped(_logger, _gateway.Name, excess, _options.MaxPendingReadings);
            }
        }
    }
}
