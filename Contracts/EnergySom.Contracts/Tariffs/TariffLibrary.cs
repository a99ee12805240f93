namespace EnergySom.Contracts.Tariffs;

/// <summary>
/// Every tariff version a settlement may use, by id: electricity time-of-use tariffs and gas tariffs. Built in
/// code or loaded from tariff files (<see cref="Definition.TariffLoader"/>).
/// </summary>
public sealed class TariffLibrary
{
    private readonly Dictionary<string, TariffTimeline<TimeOfUseTariff>> _electricity;
    private readonly Dictionary<string, TariffTimeline<GasTariff>> _gas;

    public TariffLibrary(IEnumerable<TimeOfUseTariff> electricity, IEnumerable<GasTariff> gas)
    {
        var electricityList = electricity.ToList();
        var gasList = gas.ToList();
        foreach (var tariff in electricityList)
        {
            tariff.Validate();
        }

        var clash = electricityList.Select(t => t.Id).Intersect(gasList.Select(t => t.Id), StringComparer.Ordinal).FirstOrDefault();
        if (clash is not null)
        {
            throw new ArgumentException($"tariff id {clash} is used by both an electricity and a gas tariff");
        }

        _electricity = electricityList.GroupBy(t => t.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new TariffTimeline<TimeOfUseTariff>(g.Key, g), StringComparer.Ordinal);
        _gas = gasList.GroupBy(t => t.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new TariffTimeline<GasTariff>(g.Key, g), StringComparer.Ordinal);
    }

    public static TariffLibrary Empty { get; } = new([], []);

    public IEnumerable<string> ElectricityIds => _electricity.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<string> GasIds => _gas.Keys.Order(StringComparer.Ordinal);

    public bool HasElectricity(string id) => _electricity.ContainsKey(id);

    public bool HasGas(string id) => _gas.ContainsKey(id);

    public TariffTimeline<TimeOfUseTariff> Electricity(string id) =>
        _electricity.TryGetValue(id, out var timeline) ? timeline : throw new TariffNotInForceException($"no electricity tariff {id} in the tariff library");

    public TariffTimeline<GasTariff> Gas(string id) =>
        _gas.TryGetValue(id, out var timeline) ? timeline : throw new TariffNotInForceException($"no gas tariff {id} in the tariff library");
}
