using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Tariffs;

/// <summary>
/// The dated versions of one tariff id, in effective-date order. A version is in force from its effective date
/// (local midnight in the contract's zone) until the next version's, so a change in the middle of a settlement
/// period applies from its effective date.
/// </summary>
public sealed class TariffTimeline<T>
    where T : ITariffVersion
{
    private readonly T[] _versions;

    public TariffTimeline(string id, IEnumerable<T> versions)
    {
        Id = id;
        _versions = versions.OrderBy(v => v.EffectiveFrom).ToArray();
        if (_versions.Length == 0)
        {
            throw new ArgumentException($"tariff {id} has no versions", nameof(versions));
        }

        for (var i = 0; i < _versions.Length; i++)
        {
            if (!string.Equals(_versions[i].Id, id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"tariff {id}: version {_versions[i].Version} belongs to {_versions[i].Id}", nameof(versions));
            }

            if (i > 0 && _versions[i].EffectiveFrom == _versions[i - 1].EffectiveFrom)
            {
                throw new ArgumentException($"tariff {id}: versions {_versions[i - 1].Version} and {_versions[i].Version} take effect on the same day {_versions[i].EffectiveFrom:yyyy-MM-dd}", nameof(versions));
            }
        }

        if (_versions.Select(v => v.Version).Distinct(StringComparer.Ordinal).Count() != _versions.Length)
        {
            throw new ArgumentException($"tariff {id}: a version name is used twice", nameof(versions));
        }
    }

    public string Id { get; }

    public IReadOnlyList<T> Versions => _versions;

    /// <summary>The version in force on <paramref name="date"/>.</summary>
    public T InForceOn(LocalDate date)
    {
        for (var i = _versions.Length - 1; i >= 0; i--)
        {
            if (_versions[i].EffectiveFrom <= date)
            {
                return _versions[i];
            }
        }

        throw new TariffNotInForceException($"tariff {Id} has no version in force on {date:yyyy-MM-dd} (first version {_versions[0].Version} takes effect {_versions[0].EffectiveFrom:yyyy-MM-dd})");
    }

    /// <summary>The versions in force over <paramref name="range"/>, each with the dates it covers, in date order.</summary>
    public IReadOnlyList<TariffSegment<T>> Over(LocalDateRange range)
    {
        var segments = new List<TariffSegment<T>>();
        var from = range.From;
        while (from < range.To)
        {
            var version = InForceOn(from);
            var index = Array.IndexOf(_versions, version);
            var next = index + 1 < _versions.Length ? _versions[index + 1].EffectiveFrom : range.To;
            var to = next < range.To ? next : range.To;
            segments.Add(new TariffSegment<T>(version, new LocalDateRange(from, to)));
            from = to;
        }

        return segments;
    }
}

/// <summary>No version of a tariff is in force on a date that must be priced.</summary>
public sealed class TariffNotInForceException(string message) : Exception(message);
