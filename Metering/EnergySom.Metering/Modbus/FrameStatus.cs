namespace EnergySom.Metering.Modbus;

/// <summary>The outcome of decoding a reply frame.</summary>
public enum FrameStatus
{
    /// <summary>A complete, valid reply.</summary>
    Ok,

    /// <summary>More bytes are needed.</summary>
    Incomplete,

    /// <summary>A complete exception reply; the code is in the result.</summary>
    DeviceException,

    /// <summary>The bytes are not a valid reply to the request.</summary>
    Malformed,

    /// <summary>
    /// A complete, well-formed Modbus TCP frame carrying another transaction id (for example the late reply to a
    /// request that timed out). Its length is in the result so it can be skipped.
    /// </summary>
    OtherTransaction,
}
