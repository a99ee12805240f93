namespace EnergySom.Contracts.Settlement;

/// <summary>
/// Money that changes hands because of the statement, net per pair of parties, with its VAT. VAT is applied to
/// payments to the ESCO (services) and to the financier (lease); a payment from the ESCO to the host (a guarantee
/// shortfall) is compensation and carries none.
/// </summary>
/// <param name="Amount">The settled amount.</param>
/// <param name="NetOfVat">Amount before VAT.</param>
/// <param name="Total">What is paid: the amount when amounts include VAT, else amount + VAT.</param>
public sealed record StatementPayment(string Payer, string Payee, decimal Amount, decimal VatRate, decimal NetOfVat, decimal Vat, decimal Total);
