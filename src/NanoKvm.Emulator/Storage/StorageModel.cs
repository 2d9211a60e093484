using System.Globalization;

namespace NanoKvm.Emulator.Storage;

/// <summary>
/// The device's <c>/data</c> partition and USB mass-storage function: the images, the mounted one, the LUN's
/// CD-ROM/read-only flags, image downloads, and the USB gadget mode (normal or HID-only) that decides whether the
/// mass-storage function exists at all.
/// </summary>
public sealed class StorageModel
{
    /// <summary>The partition the device exposes as a USB disk when no image is mounted.</summary>
    public const string DataPartition = "/dev/mmcblk0p3";

    private readonly NanoKvmEmulator _emulator;
    private readonly object _gate = new();
    private readonly SortedDictionary<string, long> _images = new(StringComparer.Ordinal);
    private readonly List<MountRequest> _mountRequests = [];
    private readonly List<string> _hidModeRequests = [];
    private readonly List<string> _downloadRequests = [];
    private string _backingFile = DataPartition;
    private bool _cdromFlag;
    private bool _readOnlyFlag;
    private int _usbReenumerations;
    private string _hidMode = "normal";
    private DownloadJob? _download;
    private string _downloadStatus = "idle";
    private string _downloadFile = string.Empty;
    private string _downloadPercentage = string.Empty;

    internal StorageModel(NanoKvmEmulator emulator)
    {
        _emulator = emulator;
        foreach (var (path, size) in emulator.Options.Images)
        {
            _images[path] = size;
        }

        // A server restart ends a running transfer (the device's status starts over as idle); mounts and the HID mode
        // live in the kernel and the init script, so they survive.
        emulator.Restarted += () =>
        {
            DownloadJob? job;
            lock (_gate)
            {
                job = _download;
            }

            job?.Cancellation.Cancel();
        };
    }

    /// <summary>Image files under <c>/data</c> with their sizes, sorted by path.</summary>
    public IReadOnlyDictionary<string, long> Images
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_images, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The mounted image, or null when the LUN shows the <c>/data</c> partition (nothing mounted).</summary>
    public string? MountedImage
    {
        get
        {
            lock (_gate)
            {
                return _backingFile == DataPartition ? null : _backingFile;
            }
        }
    }

    /// <summary>The LUN's <c>cdrom</c> flag (the host sees a CD/DVD drive).</summary>
    public bool CdRom
    {
        get
        {
            lock (_gate)
            {
                return _cdromFlag;
            }
        }
    }

    /// <summary>The LUN's <c>ro</c> flag; the device only ever sets it together with <see cref="CdRom"/>.</summary>
    public bool ReadOnly
    {
        get
        {
            lock (_gate)
            {
                return _readOnlyFlag;
            }
        }
    }

    /// <summary>How often a mount or unmount re-bound the USB gadget (the host saw every USB device replugged).</summary>
    public int UsbReenumerations => Volatile.Read(ref _usbReenumerations);

    /// <summary>Every accepted mount/unmount request, in order.</summary>
    public IReadOnlyList<MountRequest> MountRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _mountRequests];
            }
        }
    }

    /// <summary>The USB gadget mode: <c>normal</c> or <c>hid-only</c> (no virtual disk or network). Survives restarts.</summary>
    public string HidMode
    {
        get
        {
            lock (_gate)
            {
                return _hidMode;
            }
        }
    }

    /// <summary>Every mode requested with <c>POST /api/hid/mode</c>, in order.</summary>
    public IReadOnlyList<string> HidModeRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _hidModeRequests];
            }
        }
    }

    /// <summary>How the next image download ends. Reset to <see cref="DownloadOutcome.Success"/> once used.</summary>
    public DownloadOutcome NextDownloadOutcome { get; set; }

    /// <summary>URLs the device was asked to download, in order.</summary>
    public IReadOnlyList<string> DownloadRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _downloadRequests];
            }
        }
    }

    /// <summary>Puts an image under <c>/data</c>, as copying it onto the device would.</summary>
    /// <param name="path">Absolute path under <c>/data</c>.</param>
    /// <param name="size">Size in bytes.</param>
    public void AddImage(string path, long size = 1024 * 1024)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_gate)
        {
            _images[path] = size;
        }
    }

    internal IReadOnlyList<string> ListImages()
    {
        lock (_gate)
        {
            // The device walks /data for *.iso and *.img, case-insensitively, in lexical order.
            return [.. _images.Keys.Where(p => p.EndsWith(".iso", StringComparison.OrdinalIgnoreCase)
                || p.EndsWith(".img", StringComparison.OrdinalIgnoreCase))];
        }
    }

    /// <summary>The mounted file as <c>GET /api/storage/image/mounted</c> reports it ("" for none or HID-only mode).</summary>
    internal string ReportedMountedFile()
    {
        lock (_gate)
        {
            return _hidMode == "hid-only" || _backingFile == DataPartition ? string.Empty : _backingFile;
        }
    }

    /// <summary>Applies <c>POST /api/storage/image/mount</c>; returns null on success or the device's failure message.</summary>
    internal string? Mount(string file, bool cdrom)
    {
        lock (_gate)
        {
            if (_hidMode == "hid-only")
            {
                // The mass-storage function does not exist, so the first configfs write fails.
                return cdrom || file.Length == 0 ? "unmount image failed" : "set inquiry failed";
            }

            if (file.Length == 0 || cdrom)
            {
                // Eject, then set ro and cdrom together: 1 for a CD-ROM mount, 0 for an unmount. A disk mount leaves
                // both untouched, which is why switching from CD-ROM to disk needs an unmount first.
                var flag = file.Length != 0 && cdrom;
                _backingFile = DataPartition;
                _readOnlyFlag = flag;
                _cdromFlag = flag;
            }

            if (file.Length != 0 && !_images.ContainsKey(file))
            {
                return "mount image failed";
            }

            _backingFile = file.Length == 0 ? DataPartition : file;
            _mountRequests.Add(new MountRequest(file, cdrom));
            _usbReenumerations++;
            return null;
        }
    }

    /// <summary>
    /// Firmware 2.2.0's <c>MountImage</c> (<c>server/service/storage/image.go</c> at tag 2.2.0, lines 55–135): no
    /// <c>cdrom</c> field; every call ejects, then sets <c>ro</c> and <c>cdrom</c> from the path — both 1 for a name
    /// ending in <c>.iso</c> (any case, lines 77–82), both 0 otherwise — and writes the path to the LUN, which fails
    /// (code −2) for a file that does not exist, after the flags were written. <paramref name="cdromField"/> is only
    /// recorded: this firmware's request struct has no such field.
    /// </summary>
    internal string? MountBySuffix(string file, bool cdromField)
    {
        lock (_gate)
        {
            var iso = file.EndsWith(".iso", StringComparison.OrdinalIgnoreCase);
            _backingFile = DataPartition;
            _readOnlyFlag = iso;
            _cdromFlag = iso;
            if (file.Length != 0 && !_images.ContainsKey(file))
            {
                return "mount image failed";
            }

            _backingFile = file.Length == 0 ? DataPartition : file;
            _mountRequests.Add(new MountRequest(file, cdromField));
            _usbReenumerations++;
            return null;
        }
    }

    /// <summary>
    /// The Pro's <c>MountImage</c> (<c>service/storage/image.go</c> @1.2.15): <c>cdrom</c> and <c>readOnly</c> are
    /// separate (ro = cdrom || readOnly), an empty file unmounts. Returns 0, or -6 when the kernel refuses the file.
    /// </summary>
    internal int MountPro(string file, bool cdrom, bool readOnly)
    {
        lock (_gate)
        {
            _usbReenumerations++;
            if (file.Length == 0)
            {
                _backingFile = DataPartition;
                _cdromFlag = false;
                _readOnlyFlag = false;
                _mountRequests.Add(new MountRequest(file, cdrom));
                return 0;
            }

            _cdromFlag = cdrom;
            _readOnlyFlag = cdrom || readOnly;
            if (!_images.ContainsKey(file))
            {
                return -6;
            }

            _backingFile = file;
            _mountRequests.Add(new MountRequest(file, cdrom));
            return 0;
        }
    }

    /// <summary>Applies <c>POST /api/storage/image/delete</c>: 0 ok, -2 invalid path, -3 remove failed.</summary>
    internal int Delete(string file) => Delete(file, ["/data"]);

    /// <summary>As <see cref="Delete(string)"/> with the roots a path may start with (the Pro adds <c>/sdcard</c>).</summary>
    internal int Delete(string file, IReadOnlyList<string> roots)
    {
        var lower = roots.Count > 1 ? file.ToLowerInvariant() : file;
        if (!roots.Any(root => lower.StartsWith(root, StringComparison.Ordinal))
            || !(lower.EndsWith(".iso", StringComparison.Ordinal) || lower.EndsWith(".img", StringComparison.Ordinal)))
        {
            return -2;
        }

        lock (_gate)
        {
            return _images.Remove(file) ? 0 : -3;
        }
    }

    internal void SetHidMode(string mode)
    {
        lock (_gate)
        {
            _hidModeRequests.Add(mode);
            _hidMode = mode;
        }
    }

    /// <summary>The download status as <c>GET /api/download/image/status</c> reports it.</summary>
    public DownloadReading Download
    {
        get
        {
            lock (_gate)
            {
                return new DownloadReading(_downloadStatus, _downloadFile, _downloadPercentage);
            }
        }
    }

    /// <summary>Starts a simulated download; false when one is already running.</summary>
    internal bool StartDownload(string url, string fileName, bool checksumGiven)
    {
        DownloadJob job;
        lock (_gate)
        {
            if (_download is not null)
            {
                return false;
            }

            var outcome = NextDownloadOutcome;
            NextDownloadOutcome = DownloadOutcome.Success;
            if (outcome == DownloadOutcome.ChecksumMismatch && !(checksumGiven && _emulator.Profile.HasDownloadCancel))
            {
                // Only firmware that checks a SHA-256 (2.5.0+) can report a mismatch, and only when given one.
                outcome = DownloadOutcome.Success;
            }

            job = new DownloadJob("/data/" + fileName, outcome);
            _download = job;
            _downloadRequests.Add(url);
            _downloadStatus = "in_progress";
            _downloadFile = url;
            _downloadPercentage = string.Empty;
        }

        job.Completion = RunDownloadAsync(job);
        return true;
    }

    /// <summary>Cancels the running download and waits for it to stop; false when none runs.</summary>
    internal async Task<bool> CancelDownloadAsync()
    {
        DownloadJob? job;
        lock (_gate)
        {
            job = _download;
        }

        if (job is null)
        {
            return false;
        }

        await job.Cancellation.CancelAsync().ConfigureAwait(false);
        await job.Completion.ConfigureAwait(false);
        return true;
    }

    private async Task RunDownloadAsync(DownloadJob job)
    {
        const int Steps = 8;
        var step = _emulator.Options.DownloadDuration / Steps;
        string final;
        try
        {
            for (var i = 1; i <= Steps; i++)
            {
                await _emulator.DelayAsync(step, job.Cancellation.Token).ConfigureAwait(false);
                job.Cancellation.Token.ThrowIfCancellationRequested();
                if (job.Outcome == DownloadOutcome.Failure && i == Steps / 2)
                {
                    break;
                }

                // The device reports progress with two decimals, e.g. "12.34%".
                var percentage = (i * 100.0 / Steps) - 0.01;
                lock (_gate)
                {
                    _downloadPercentage = percentage.ToString("0.00", CultureInfo.InvariantCulture) + "%";
                }
            }

            final = job.Outcome switch
            {
                DownloadOutcome.Failure => "failed",
                DownloadOutcome.ChecksumMismatch => "checksum_failed",
                _ => "success",
            };
        }
        catch (OperationCanceledException)
        {
            final = "idle";
        }

        lock (_gate)
        {
            if (final == "success")
            {
                _images[job.Destination] = 64L * 1024 * 1024;
            }

            // Firmware before 2.5.0 only knows idle and in_progress: every ending reads idle.
            _downloadStatus = _emulator.Profile.DownloadReportsFinalStatus ? final : "idle";
            _downloadFile = string.Empty;
            _downloadPercentage = string.Empty;
            _download = null;
        }
    }

    private sealed class DownloadJob(string destination, DownloadOutcome outcome)
    {
        public string Destination { get; } = destination;

        public DownloadOutcome Outcome { get; } = outcome;

        public CancellationTokenSource Cancellation { get; } = new();

        public Task Completion { get; set; } = Task.CompletedTask;
    }
}

/// <summary>How a simulated image download ends.</summary>
public enum DownloadOutcome
{
    /// <summary>The image arrives under <c>/data</c>.</summary>
    Success,

    /// <summary>The transfer fails half-way (status <c>failed</c> on 2.5.0+).</summary>
    Failure,

    /// <summary>The SHA-256 does not match (status <c>checksum_failed</c>; only on 2.5.0+ and when a sum was given).</summary>
    ChecksumMismatch,
}

/// <summary>The device's download status fields.</summary>
/// <param name="Status"><c>idle</c>, <c>in_progress</c>, or (2.5.0+) <c>success</c>, <c>failed</c>, <c>checksum_failed</c>.</param>
/// <param name="File">The URL being downloaded, or "".</param>
/// <param name="Percentage">Progress such as <c>12.34%</c>, or "".</param>
public sealed record DownloadReading(string Status, string File, string Percentage);

/// <summary>One accepted <c>POST /api/storage/image/mount</c>.</summary>
/// <param name="File">The image, or "" for unmount.</param>
/// <param name="CdRom">The <c>cdrom</c> field as sent.</param>
public sealed record MountRequest(string File, bool CdRom);
