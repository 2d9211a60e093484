namespace NanoKvm.Client;

/// <summary>How HID input is encoded on the <c>/api/ws</c> WebSocket.</summary>
public enum HidEncoding
{
    /// <summary>Firmware ≤2.3.1: text frames holding full-length JSON integer arrays.</summary>
    JsonArrays,

    /// <summary>Firmware ≥2.3.2: binary frames, a type byte followed by a raw USB HID report.</summary>
    BinaryReports,
}

/// <summary>How a successful login hands out the session token.</summary>
public enum LoginTokenStyle
{
    /// <summary>Firmware ≤2.5.0: the token is in the response body (<c>data.token</c>).</summary>
    ResponseBody,

    /// <summary>Firmware ≥2.5.1 (multi-user): an HttpOnly <c>nano-kvm-token</c> cookie and no token in the body.</summary>
    HttpOnlyCookie,
}

/// <summary>The unit the device's paste endpoint counts its limit in.</summary>
public enum PasteLimitUnit
{
    /// <summary>UTF-8 bytes (firmware ≤2.4.x).</summary>
    Utf8Bytes,

    /// <summary>Unicode scalar values ("runes", firmware ≥2.5.0).</summary>
    Runes,
}

/// <summary>Framing of the direct H.264 WebSocket (<c>/api/stream/h264/direct</c>).</summary>
public enum H264DirectFraming
{
    /// <summary>The firmware has no direct H.264 stream (before 2.2.7).</summary>
    Unsupported,

    /// <summary>2.2.7–2.2.9: text frames with base64 data.</summary>
    JsonBase64,

    /// <summary>2.3.0–2.4.x: binary frames (keyframe flag, µs timestamp, Annex-B access unit).</summary>
    Binary,

    /// <summary>2.5.0 and later: binary frames plus client acknowledgements (<c>?flow=N</c>).</summary>
    BinaryWithFlowControl,
}
