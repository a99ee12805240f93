namespace EnergySom.Metering.Modbus;

/// <summary>
/// Where a decoded reply sits in a receive buffer. Plain offsets rather than spans, so a transport can keep it
/// across an <c>await</c>; decoding allocates nothing unless the reply is malformed.
/// </summary>
/// <param name="Length">
/// Bytes the frame occupies from the start of the buffer. For <see cref="FrameStatus.Incomplete"/>: the bytes
/// needed so far (the total length once the header tells it, else the minimum to read the header).
/// </param>
/// <param name="DataOffset">Offset of the register bytes (2 per register) or packed bits in the buffer.</param>
/// <param name="DataLength">Number of data bytes.</param>
/// <param name="ExceptionCode">For <see cref="FrameStatus.DeviceException"/>: the Modbus exception code.</param>
/// <param name="TransactionId">Modbus TCP transaction id of the frame (0 for RTU).</param>
/// <param name="Unit">Unit id (slave address) the frame came from.</param>
/// <param name="Problem">For <see cref="FrameStatus.Malformed"/>: what is wrong, for the error message.</param>
public readonly record struct ReplyFrame(
    int Length,
    int DataOffset = 0,
    int DataLength = 0,
    byte ExceptionCode = 0,
    ushort TransactionId = 0,
    byte Unit = 0,
    string? Problem = null);
