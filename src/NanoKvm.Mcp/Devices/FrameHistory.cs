using System.Globalization;

namespace NanoKvm.Mcp.Devices;

/// <summary>
/// The last few device frames this server showed the model (screenshots, text reads), by the <c>frame_id</c> it gave
/// them, so a later pointer action bound to a frame can check that the screen still looks the same around its target.
/// </summary>
internal sealed class FrameHistory
{
    /// <summary>How many frames are kept; an older frame_id is unknown and refused like a changed screen.</summary>
    public const int Capacity = 16;

    private readonly object _gate = new();
    private readonly LinkedList<Entry> _entries = new();
    private long _next;

    /// <summary>Keeps a frame and returns its id.</summary>
    public string Add(byte[] jpeg, int width, int height, DateTimeOffset capturedAt)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        lock (_gate)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"f{++_next}");
            _entries.AddLast(new Entry(id, jpeg, width, height, capturedAt));
            while (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }

            return id;
        }
    }

    /// <summary>The frame with that id, or null when unknown or forgotten.</summary>
    public Entry? Find(string id)
    {
        lock (_gate)
        {
            return _entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal));
        }
    }

    /// <summary>A kept frame.</summary>
    internal sealed record Entry(string Id, byte[] Jpeg, int Width, int Height, DateTimeOffset CapturedAt);
}
