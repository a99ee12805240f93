namespace EnergySom.Contracts.Ledger;

/// <summary>
/// The ledger refused an operation: an illegal transition (approving a disputed or superseded statement, the
/// factory approving before the ESCO), the wrong party or key acting, or an unknown statement or contract.
/// Nothing was recorded. The message says what was refused and why, in words a user can act on.
/// </summary>
public sealed class WorkflowException : Exception
{
    public WorkflowException()
    {
    }

    public WorkflowException(string message)
        : base(message)
    {
    }

    public WorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
