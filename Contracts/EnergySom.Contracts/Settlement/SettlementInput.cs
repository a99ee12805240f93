using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>Everything one settlement prices: the contract, the period, the tariffs, and the verified savings of each carrier.</summary>
/// <param name="Period">A period of the contract (<see cref="SettlementCalendar"/>).</param>
/// <param name="Tariffs">Holds every version of the contract's tariffs in force in the period.</param>
/// <param name="Carriers">One input per carrier in the contract's scope.</param>
public sealed record SettlementInput(Contract Contract, SettlementPeriod Period, TariffLibrary Tariffs, IReadOnlyList<CarrierInput> Carriers)
{
    /// <summary>Non-routine adjustments dated in the period, each settled on its own line.</summary>
    public IReadOnlyList<NonRoutineAdjustment> Adjustments { get; init; } = [];

    /// <summary>
    /// The contract's statements in force for earlier periods (from the ledger): the year's earlier statements for a
    /// year-end guarantee true-up and a yearly cap, all earlier statements for a total cap.
    /// </summary>
    public IReadOnlyList<SettlementStatement> PriorStatements { get; init; } = [];

    /// <summary>Fingerprints of the meter readings the savings were computed from, recorded in the statement.</summary>
    public IReadOnlyList<ReadingDigest> Readings { get; init; } = [];

    /// <summary>The day an early buy-out takes effect (the contract ends at its start), when one is exercised.</summary>
    public LocalDate? BuyoutDate { get; init; }
}
