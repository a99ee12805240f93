namespace EnergySom.Contracts.Settlement;

/// <summary>Settlement inputs that cannot be settled as given, naming the contract, the period and the input.</summary>
public sealed class SettlementInputException(string contractId, string period, string input, string problem)
    : Exception($"{contractId} {period}: {input}: {problem}")
{
    public string ContractId { get; } = contractId;

    public string Period { get; } = period;

    public string Input { get; } = input;

    public string Problem { get; } = problem;
}
