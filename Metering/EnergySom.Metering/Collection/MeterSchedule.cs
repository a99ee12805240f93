using EnergySom.Metering.Modbus;
using EnergySom.Metering.Storage;
using NodaTime;

namespace EnergySom.Metering.Collection;

/// <summary>
/// One meter as a connection's poll loop sees it: its planned reads with their decoders and series keys, when
/// its slow points are due, and whether it answers. Mutated only by its loop; snapshots take the lock.
/// </summary>
internal sealed class MeterSchedule
{
    private readonly Lock _gate = new();
    private MeterHealth _health;
    private int _consecutiveFailures;
    private Instant? _lastSuccess;
    private Instant _nextAttempt;
    private string? _lastError;
    private long _pollsOk;
    private long _pollsFailed;

    public MeterSchedule(string gateway, MeterConfig config, IReadOnlyList<PlannedRead> reads, TimeSpan timeout, BackoffPolicy backoff, int faultAfter)
    {
        Gateway = gateway;
        Config = config;
        Timeout = timeout;
        Backoff = backoff;
        FaultAfter = faultAfter;
        Reads = reads.Select(r => new ScheduledRead(
            new RegisterBlockDecoder(r, config.Ratios),
            r.Points.Select(p => new SeriesKey(config.MeterId, p.Name)).ToArray())).ToArray();
        BackoffKey = $"{gateway}/{config.Unit}";
    }

    public string Gateway { get; }

    public MeterConfig Config { get; }

    public ScheduledRead[] Reads { get; }

    public TimeSpan Timeout { get; }

    public BackoffPolicy Backoff { get; }

    public string BackoffKey { get; }

    /// <summary>Consecutive failed polls after which the meter is faulted and backed off.</summary>
    public int FaultAfter { get; }

    /// <summary>When the slow reads are next due.</summary>
    public Instant NextSlow { get; set; }

    public MeterHealth Health => _health;

    public int ConsecutiveFailures => _consecutiveFailures;

    /// <summary>True while a faulted meter waits for its next attempt.</summary>
    public bool IsBackingOff(Instant now) => _health == MeterHealth.Faulted && now < _nextAttempt;

    public void CountPoll(bool ok)
    {
        lock (_gate)
        {
            if (ok)
            {
                _pollsOk++;
            }
            else
            {
                _pollsFailed++;
            }
        }
    }

    /// <summary>Records that the meter answered; returns the failed attempts it recovers from (0 if it was not faulted).</summary>
    public int Answered(Instant now)
    {
        lock (_gate)
        {
            var recovered = _health == MeterHealth.Faulted ? _consecutiveFailures : 0;
            _health = MeterHealth.Healthy;
            _consecutiveFailures = 0;
            _lastSuccess = now;
            return recovered;
        }
    }

    /// <summary>
    /// Records that the meter did not answer. Below <see cref="FaultAfter"/> failures in a row it is tried again
    /// in the next cycle (a single lost reply is not a dead meter) and null is returned; from then on it is
    /// faulted, and the delay before its next attempt is returned.
    /// </summary>
    public TimeSpan? Failed(Instant now, string error)
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            _lastError = error;
            if (_consecutiveFailures < FaultAfter)
            {
                return null;
            }

            _health = MeterHealth.Faulted;
            var delay = Backoff.DelayFor(_consecutiveFailures - FaultAfter + 1, BackoffKey);
            _nextAttempt = now.Plus(Duration.FromTimeSpan(delay));
            return delay;
        }
    }

    public void ReadError(string error)
    {
        lock (_gate)
        {
            _lastError = error;
        }
    }

    public MeterStatus Snapshot()
    {
        lock (_gate)
        {
            return new MeterStatus(Gateway, Config.MeterId, Config.Unit, _health, _consecutiveFailures, _lastSuccess,
                _health == MeterHealth.Faulted ? _nextAttempt : null, _lastError, _pollsOk, _pollsFailed);
        }
    }
}

/// <summary>A planned read with its decoder, the series key of each of its points, and its last error (for logging changes only).</summary>
internal sealed class ScheduledRead(RegisterBlockDecoder decoder, SeriesKey[] series)
{
    public RegisterBlockDecoder Decoder { get; } = decoder;

    public PlannedRead Plan => Decoder.Read;

    public SeriesKey[] Series { get; } = series;

    public string? FailingWith { get; set; }
}
