using System.Text.Json.Serialization;

namespace NanoKvm.Mcp.Tools.Arguments;

/// <summary>What <c>nanokvm_lease</c> does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeaseAction>))]
internal enum LeaseAction
{
    /// <summary>Show who holds the lease.</summary>
    [JsonStringEnumMemberName("status")]
    Status,

    /// <summary>Take the lease.</summary>
    [JsonStringEnumMemberName("acquire")]
    Acquire,

    /// <summary>Give the lease up.</summary>
    [JsonStringEnumMemberName("release")]
    Release,
}
