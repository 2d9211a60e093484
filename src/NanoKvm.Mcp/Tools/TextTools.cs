using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Client;
using NanoKvm.Client.Video.Text;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Errors;
using NanoKvm.Mcp.Progress;
using NanoKvm.Mcp.Tools.Arguments;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>
/// Text on the target's screen, read by OCR (Tesseract): read it, find it, wait for it, click it. Each read takes a
/// fresh full-resolution frame, which becomes the latest screenshot: boxes and later x/y are its pixels.
/// </summary>
[McpServerToolType]
internal sealed class TextTools(DeviceRegistry registry)
{
    private const string TextArgument = "Literal text to look for (case-insensitive, within one line; runs of spaces count as one). Give text or regex.";
    private const string RegexArgument = ".NET regular expression to look for within one line (case-insensitive). Give text or regex.";
    private const string CropUnits = " In the units of x/y of other tools: pixels of the most recent screenshot, or fractions with normalized=true.";

    [McpServerTool(Name = "nanokvm_read_text", Title = "Read the text on screen",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Reads the text on the TARGET's screen by OCR and returns it with each line's box in screenshot pixels " +
        "— cheaper than a screenshot for the model. Give crop_* to read only a region. Needs Tesseract on the server.")]
    public async Task<TextReadResult> ReadTextAsync(
        [Description("Left edge of the region to read." + CropUnits), Range(0.0, 8192.0)] double? crop_x = null,
        [Description("Top edge of the region." + CropUnits), Range(0.0, 8192.0)] double? crop_y = null,
        [Description("Width of the region." + CropUnits), Range(0.0, 8192.0)] double? crop_width = null,
        [Description("Height of the region." + CropUnits), Range(0.0, 8192.0)] double? crop_height = null,
        [Description("true: crop_* are fractions 0..1 of the latest screenshot instead of pixels.")] bool normalized = false,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = registry.Resolve(device);
        var crop = Crop(kvm, crop_x, crop_y, crop_width, crop_height, normalized);
        using var read = await kvm.Client.Video.ReadTextAsync(Options(crop), cancellationToken: cancellationToken);
        var frameId = Record(kvm, read);
        var lines = read.Text.Lines.Select(l => new TextLineResult(l.Text, Box(l.Box), Math.Round(l.Confidence, 1))).ToList();
        return new TextReadResult(kvm.Name, read.Text.Text, lines, read.Frame.Width, read.Frame.Height,
            crop is { } c ? [c.X, c.Y, c.Width, c.Height] : null, frameId, (long)read.Text.Elapsed.TotalMilliseconds,
            string.Create(CultureInfo.InvariantCulture, $"Read {lines.Count} line(s) in {(long)read.Text.Elapsed.TotalMilliseconds} ms; boxes are pixels of this {read.Frame.Width}×{read.Frame.Height} frame, now the latest screenshot."));
    }

    [McpServerTool(Name = "nanokvm_find_text", Title = "Find a text on screen",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Looks for a text (or regex) on the TARGET's screen by OCR and returns every match with its box and " +
        "centre in screenshot pixels. found=false is an answer, not an error.")]
    public async Task<TextFindResult> FindTextAsync(
        [Description(TextArgument)] string? text = null,
        [Description(RegexArgument)] string? regex = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var query = Query(text, regex);
        var kvm = registry.Resolve(device);
        using var found = await kvm.Client.Video.FindTextAsync(query, cancellationToken: cancellationToken);
        var frameId = Record(kvm, found);
        var matches = found.Matches.Select(Match).ToList();
        return new TextFindResult(kvm.Name, matches.Count > 0, matches, found.Frame.Width, found.Frame.Height, frameId,
            matches.Count == 0 ? $"{query} is not on screen." : string.Create(CultureInfo.InvariantCulture, $"Found {query} {matches.Count} time(s)."));
    }

    [McpServerTool(Name = "nanokvm_wait_for_text", Title = "Wait until a text appears",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Waits until a text (or regex) appears on the TARGET's screen — \"login:\", \"Press F2\", \"Installation " +
        "complete\" — reading only frames that changed, and sends progress while waiting. Returns found=false when the " +
        "timeout passes (an answer, not an error).")]
    public async Task<TextWaitResult> WaitForTextAsync(
        RequestContext<CallToolRequestParams> context,
        [Description(TextArgument)] string? text = null,
        [Description(RegexArgument)] string? regex = null,
        [Description("Longest wait in milliseconds (100-600000; default 30000)."), Range(100, 600_000)] int timeout_ms = 30_000,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var query = Query(text, regex);
        if (timeout_ms is < 100 or > 600_000)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout_ms), timeout_ms, "Must be between 100 and 600000.");
        }

        var kvm = registry.Resolve(device);
        var started = TimeProvider.System.GetTimestamp();
        await using var progress = ProgressNotifier.Start(context, cancellationToken);
        var reads = 0;
        var reporter = new Reporter<TextWaitProgress>(p =>
        {
            reads = p.Reads;
            progress.Report(Math.Round(p.Elapsed.TotalMilliseconds), timeout_ms, string.Create(CultureInfo.InvariantCulture, $"read {p.Reads} frame(s), {query} not seen yet"));
        });
        try
        {
            using var found = await kvm.Client.Video.WaitForTextAsync(query, TimeSpan.FromMilliseconds(timeout_ms), progress: reporter, cancellationToken: cancellationToken);
            var frameId = Record(kvm, found);
            return new TextWaitResult(kvm.Name, true, Waited(started), found.Reads, [.. found.Matches.Select(Match)], found.Frame.Width, found.Frame.Height, frameId,
                string.Create(CultureInfo.InvariantCulture, $"{query} appeared after {Waited(started)} ms ({found.Reads} frame(s) read)."));
        }
        catch (NanoKvmTimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TextWaitResult(kvm.Name, false, Waited(started), reads, [], null, null, null,
                string.Create(CultureInfo.InvariantCulture, $"{query} did not appear within {timeout_ms} ms ({reads} frame(s) read)."));
        }
    }

    [McpServerTool(Name = "nanokvm_click_text", Title = "Click on a text",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Finds a text (or regex) on the TARGET's screen by OCR and clicks the centre of the match. Refused when " +
        "the text is not found, or found more than once without index. Counts as a click for the policy.")]
    public async Task<PointerResult> ClickTextAsync(
        [Description(TextArgument)] string? text = null,
        [Description(RegexArgument)] string? regex = null,
        [Description("Which match to click when there are several: 0 = first from the top (default: refuse when ambiguous)."), Range(0, 1000)] int? index = null,
        [Description(MouseTools.Button)] MouseButtonName button = MouseButtonName.Left,
        [Description(FrameBinding.FrameIdText)] string? frame_id = null,
        [Description(FrameBinding.ForceText)] bool force = false,
        [Description(FrameBinding.VerifyText), Range(100, 30_000)] int? verify_change_ms = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        var query = Query(text, regex);
        if (index is < 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, "Must be between 0 and 1000.");
        }

        var kvm = registry.Resolve(device);
        using var found = await kvm.Client.Video.FindTextAsync(query, cancellationToken: cancellationToken);
        var matches = found.Matches;
        if (matches.Count == 0)
        {
            throw new ActionRefusedException($"{query} is not on screen (read: \"{Shorten(found.Text.Text)}\").");
        }

        if (index is null && matches.Count > 1)
        {
            throw new ActionRefusedException($"{query} is on screen {matches.Count} times: " +
                string.Join("; ", matches.Select((m, i) => string.Create(CultureInfo.InvariantCulture, $"[{i}] \"{m.Line.Text}\" at ({m.Box.CenterX:0}, {m.Box.CenterY:0})"))) +
                ". Give index to choose one.");
        }

        var chosen = index ?? 0;
        if (chosen >= matches.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), chosen, $"Only {matches.Count} match(es) of {query}.");
        }

        var match = matches[chosen];
        var fx = match.Box.CenterX / found.Frame.Width;
        var fy = match.Box.CenterY / found.Frame.Height;
        using var binding = await FrameBinding.BeginAsync(kvm, frame_id, force, verify_change_ms, [(fx, fy)], cancellationToken);
        var frameId = Record(kvm, found);
        await kvm.Client.Mouse.ClickAtAsync(fx, fy, MouseTools.ToSdk(button), cancellationToken);
        return new PointerResult(kvm.Name, "click_text", MouseTools.Name(button), Math.Round(fx, 5), Math.Round(fy, 5),
            new CoordinatesResult("screenshot", found.Frame.Width, found.Frame.Height),
            string.Create(CultureInfo.InvariantCulture, $"Clicked {MouseTools.Name(button)} on \"{match.Text}\" at ({match.Box.CenterX:0}, {match.Box.CenterY:0}) of frame {frameId} ({found.Frame.Width}×{found.Frame.Height}, now the latest screenshot)."))
        {
            FrameCheck = binding.Check,
            Verify = await binding.VerifyAsync(cancellationToken),
        };
    }

    internal static TextQuery Query(string? text, string? regex)
    {
        if (text is null == regex is null)
        {
            throw new ArgumentException("Give exactly one of text or regex.", text is null ? nameof(text) : nameof(regex));
        }

        if (text is not null)
        {
            return TextQuery.Literal(text);
        }

        if (regex!.Length > 1000)
        {
            throw new ArgumentException("The regex is longer than 1000 characters.", nameof(regex));
        }

        try
        {
            return TextQuery.Regex(regex);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Not a valid regular expression: {e.Message}", nameof(regex), e);
        }
    }

    private static TextRecognitionOptions? Options(PixelRect? crop) =>
        crop is { } c ? new TextRecognitionOptions { Region = new TextBox(c.X, c.Y, c.Width, c.Height) } : null;

    private static PixelRect? Crop(KvmDevice kvm, double? crop_x, double? y, double? width, double? height, bool normalized)
    {
        if (crop_x is null && y is null && width is null && height is null)
        {
            return null;
        }

        if (crop_x is not { } cx || y is not { } cy || width is not { } cw || height is not { } ch)
        {
            throw new ArgumentException("Give all four of crop_x, crop_y, crop_width and crop_height, or none.", nameof(crop_x));
        }

        var space = kvm.Screen.Current ?? throw new ArgumentException("Take a screenshot first: crop_* are read against it.", nameof(crop_x));
        return kvm.Screen.ToFrameRect(cx, cy, cw, ch, normalized, space.FrameWidth, space.FrameHeight);
    }

    // The frame that was read becomes the latest screenshot (full frame, 1:1), so boxes and later x/y agree.
    private static string Record(KvmDevice kvm, ScreenText read)
    {
        var jpeg = read.Frame.ToArray();
        var (w, h) = (read.Frame.Width, read.Frame.Height);
        kvm.Screen.Record(new ScreenView(w, h, new PixelRect(0, 0, w, h), w, h), jpeg, read.Frame.ReceivedAt);
        return kvm.Frames.Add(jpeg, w, h, read.Frame.ReceivedAt);
    }

    private static TextMatchResult Match(TextMatch m) =>
        new(m.Text, Box(m.Box), m.Box.CenterX, m.Box.CenterY, Math.Round(m.Confidence, 1), m.Line.Text);

    private static int[] Box(TextBox box) => [box.X, box.Y, box.Width, box.Height];

    private static long Waited(long started) => (long)TimeProvider.System.GetElapsedTime(started).TotalMilliseconds;

    private static string Shorten(string text) => text.Length <= 200 ? text.Replace('\n', ' ') : text[..200].Replace('\n', ' ') + "…";

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
