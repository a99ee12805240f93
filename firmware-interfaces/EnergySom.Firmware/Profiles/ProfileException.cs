using EnergySom.Firmware.Input;

namespace EnergySom.Firmware.Profiles;

/// <summary>A profile file that cannot be used, with the place of the mistake.</summary>
public sealed class ProfileException(string file, int line, string field, string problem, Exception? inner = null)
    : InputFileException(file, line, field, problem, inner);
