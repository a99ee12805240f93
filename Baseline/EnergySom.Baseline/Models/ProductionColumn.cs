namespace EnergySom.Baseline.Models;

/// <summary>One column of the production model's design: what it is and how to form it from conditions.</summary>
internal readonly record struct ProductionColumn(ProductionColumnKind Kind, string Name, double BalancePoint = double.NaN)
{
    public static readonly ProductionColumn Intercept = new(ProductionColumnKind.Intercept, "intercept");

    /// <summary>The column's value in period <paramref name="i"/> of <paramref name="conditions"/>.</summary>
    public double Value(ProductionConditions conditions, int i, ProductionVariable? variable) => Kind switch
    {
        ProductionColumnKind.Intercept => 1,
        ProductionColumnKind.Variable => variable!.Values[i],
        ProductionColumnKind.HeatingDegreeDays => DegreeDays.Heating(conditions.MeanTemperature![i], BalancePoint),
        ProductionColumnKind.CoolingDegreeDays => DegreeDays.Cooling(conditions.MeanTemperature![i], BalancePoint),
        ProductionColumnKind.Weekend => conditions.DayTypes![i] == ProductionDayType.Weekend ? 1 : 0,
        ProductionColumnKind.Holiday => conditions.DayTypes![i] == ProductionDayType.Holiday ? 1 : 0,
        _ => throw new InvalidOperationException($"unknown column kind {Kind}"),
    };

    /// <summary>Finds what the column needs in <paramref name="conditions"/>, or says plainly what is missing.</summary>
    public ProductionVariable? Resolve(ProductionConditions conditions, string what)
    {
        switch (Kind)
        {
            case ProductionColumnKind.Variable:
                var name = Name;
                return conditions.Variables.FirstOrDefault(v => v.Name == name)
                    ?? throw new ArgumentException($"{what}: the model uses variable '{Name}', which these conditions do not give");
            case ProductionColumnKind.HeatingDegreeDays or ProductionColumnKind.CoolingDegreeDays when conditions.MeanTemperature is null:
                throw new ArgumentException($"{what}: the model uses {Name} (balance point {BalancePoint}), but these conditions give no temperature");
            case ProductionColumnKind.Weekend or ProductionColumnKind.Holiday when conditions.DayTypes is null:
                throw new ArgumentException($"{what}: the model uses the {Name} day type, but these conditions give no day types");
            default:
                return null;
        }
    }
}

/// <summary>Kinds of production-model columns.</summary>
internal enum ProductionColumnKind
{
    Intercept,
    Variable,
    HeatingDegreeDays,
    CoolingDegreeDays,
    Weekend,
    Holiday,
}
