using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace EnergySom.Metering.Buffer;

/// <summary>Reads and writes <see cref="BufferState"/> as <c>state.json</c> (schema <c>energysom.buffer-state/1</c>).</summary>
public static class BufferStateFile
{
    /// <summary>The file's name inside the buffer folder.</summary>
    public const string FileName = "state.json";

    private const string Schema = "energysom.buffer-state/1";

    /// <summary>Writes the state next to the buffer, atomically (a reader never sees half a file).</summary>
    public static void Write(string directory, BufferState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema", Schema);
            json.WriteString("directory", state.Directory);
            json.WriteNumber("pending_bytes", state.PendingBytes);
            json.WriteNumber("pending_batches", state.PendingBatches);
            json.WriteNumber("pending_readings", state.PendingReadings);
            json.WriteNumber("capacity_bytes", state.CapacityBytes);
            json.WriteBoolean("full", state.IsFull);
            WriteInstant(json, "full_since", state.FullSince);
            WriteInstant(json, "oldest_pending_appended_at", state.OldestPendingAppendedAt);
            json.WriteNumber("segments", state.Segments);
            json.WriteNumber("forwarded_readings", state.ForwardedReadings);
            json.WriteNumber("rejected_readings", state.RejectedReadings);
            if (state.LastForwardError is null)
            {
                json.WriteNull("last_forward_error");
            }
            else
            {
                json.WriteString("last_forward_error", state.LastForwardError);
            }

            json.WriteNumber("quarantined_segments", state.QuarantinedSegments);
            WriteInstant(json, "updated_at", state.UpdatedAt);
            json.WriteEndObject();
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads the state a buffer last wrote, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The file is not a buffer state.</exception>
    public static BufferState? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("schema").GetString() != Schema)
            {
                throw new InvalidDataException($"{path}: not a {Schema} file");
            }

            return new BufferState(
                root.GetProperty("directory").GetString() ?? directory,
                root.GetProperty("pending_bytes").GetInt64(),
                root.GetProperty("pending_batches").GetInt64(),
                root.GetProperty("pending_readings").GetInt64(),
                root.GetProperty("capacity_bytes").GetInt64(),
                root.GetProperty("full").GetBoolean(),
                ReadInstant(root, "full_since"),
                ReadInstant(root, "oldest_pending_appended_at"),
                root.GetProperty("segments").GetInt32(),
                root.GetProperty("forwarded_readings").GetInt64(),
                root.GetProperty("rejected_readings").GetInt64(),
                root.GetProperty("last_forward_error").GetString(),
                root.GetProperty("quarantined_segments").GetInt32(),
                ReadInstant(root, "updated_at") ?? Instant.MinValue);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a readable buffer state ({ex.Message})", ex);
        }
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, Instant? value)
    {
        if (value is { } instant)
        {
            json.WriteString(name, InstantPattern.ExtendedIso.Format(instant));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static Instant? ReadInstant(JsonElement root, string name)
    {
        var element = root.GetProperty(name);
        return element.ValueKind == JsonValueKind.Null ? null : InstantPattern.ExtendedIso.Parse(element.GetString()!).GetValueOrThrow();
    }
}
