namespace EnergySom.Metering.Buffer;

/// <summary>The buffer is full and its policy is <see cref="BufferFullPolicy.Reject"/>: the batch was <b>not</b> taken; keep it and retry.</summary>
public sealed class WriteAheadBufferFullException(string message) : IOException(message);
