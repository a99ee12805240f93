using System.CommandLine;
using EnergySom.Service.Demo;

namespace EnergySom.Service.Commands;

/// <summary><c>energysom demo [--out DIR] [--port N] [--live-seconds S]</c></summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the reports and the reading store",
            DefaultValueFactory = _ => "out",
        };
        var port = new Option<int>("--port")
        {
            Description = "Loopback port of the virtual meters' Modbus TCP gateway (0 = any free port)",
            DefaultValueFactory = _ => 0,
        };
        var live = new Option<double>("--live-seconds")
        {
            Description = "How long the collector polls the virtual meters",
            DefaultValueFactory = _ => 3.0,
        };
        var command = new Command("demo", "Run the whole chain on a generated factory: live Modbus collection, baseline, settlement, reports.")
        {
            output, port, live,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(
            async token =>
            {
                var portValue = parse.GetValue(port);
                var liveSeconds = parse.GetValue(live);
                if (portValue is < 0 or > 65535)
                {
                    throw new UserFacingException($"--port {portValue}: must be 0..65535");
                }

                if (liveSeconds is <= 0 or > 600 || double.IsNaN(liveSeconds))
                {
                    throw new UserFacingException($"--live-seconds {liveSeconds}: must be more than 0 and at most 600");
                }

                var options = new DemoOptions(parse.GetValue(output)!, portValue, TimeSpan.FromSeconds(liveSeconds));
                var result = await DemoRunner.RunAsync(options, Console.Out, token);
                return result.ExitCode;
            },
            ct));
        return command;
    }
}
