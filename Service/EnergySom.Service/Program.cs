using System.CommandLine;
using EnergySom.Service.Commands;

namespace EnergySom.Service;

/// <summary>The <c>energysom</c> command line.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = BuildRoot();
        // Ctrl-C and SIGTERM cancel the command's token; long-running commands (collect, simulate) then flush and
        // stop. Give them time to do so before the process is ended.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        return await root.Parse(args).InvokeAsync(invocation);
    }

    /// <summary>Every command, for the host and for tests.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("EnergySom: metering, baselines, settlement and carbon reporting for energy performance contracts.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ContractCommands.Create());
        FirmwareCommands.AddTo(root);
        root.Subcommands.Add(MeteringCommands.CreateCollect());
        root.Subcommands.Add(MeteringCommands.CreateReadings());
        root.Subcommands.Add(BaselineCommands.Create());
        root.Subcommands.Add(SettleCommands.Settle());
        LedgerCommands.AddTo(root);
        return root;
    }
}
