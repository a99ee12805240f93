using EnergySom.Contracts.Tariffs;
using EnergySom.Contracts.Terms;
using NodaTime;

namespace EnergySom.Contracts.Settlement;

/// <summary>
/// A non-routine adjustment (IPMVP): a documented change to the savings for a change in static factors (a new
/// production line, a shutdown), agreed with who and why. Settled as its own line, valued at the price in force
/// on <see cref="Date"/>.
/// </summary>
/// <param name="Quantity">Signed energy added to the savings, in the carrier's metered unit (kWh, or m³ on the carrier's volume basis).</param>
/// <param name="Band">For electricity valued at a time-of-use tariff: the band the adjusted energy falls in.</param>
/// <param name="DocumentedBy">Who documented and agreed the adjustment.</param>
public sealed record NonRoutineAdjustment(string Id, EnergyCarrier Carrier, LocalDate Date, double Quantity, TouBand? Band, string Reason, string DocumentedBy);
