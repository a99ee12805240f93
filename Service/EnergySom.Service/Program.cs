using System.CommandLine;
using EnergySom.Service.Commands;

namespace EnergySom.Service;

/// <summary>The <c>energysom</c> command line.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = BuildRoot();
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Every command, for the host and for tests.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("EnergySom: metering, baselines, settlement and carbon reporting for energy performance contracts.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(BaselineCommands.Create());
        return root;
    }
}
