using EnergySom.Firmware.Input;

namespace EnergySom.Metering.Site;

/// <summary>
/// A site file (or a setting from the environment, then <see cref="InputFileException.File"/> is
/// <c>environment</c>, the line 0 and the field the variable) that cannot be used, with the place of the mistake.
/// </summary>
public sealed class SiteConfigException(string file, int line, string field, string problem, Exception? inner = null)
    : InputFileException(file, line, field, problem, inner);
