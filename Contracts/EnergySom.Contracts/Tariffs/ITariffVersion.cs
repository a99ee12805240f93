using NodaTime;

namespace EnergySom.Contracts.Tariffs;

/// <summary>One dated version of a tariff: in force from <see cref="EffectiveFrom"/> until the next version of the same id.</summary>
public interface ITariffVersion
{
    string Id { get; }

    string Version { get; }

    LocalDate EffectiveFrom { get; }
}
