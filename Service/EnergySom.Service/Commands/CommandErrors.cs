namespace EnergySom.Service.Commands;

/// <summary>A failure the user can act on: printed as one line, exit code 1, no stack trace.</summary>
public sealed class UserFacingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Runs a command body, turning expected failures into one clear message and a non-zero exit code.</summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body(ct);
        }
        catch (UserFacingException ex)
        {
            await Console.Error.WriteLineAsync($"energysom: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("energysom: cancelled");
            return 130;
        }
    }
}
