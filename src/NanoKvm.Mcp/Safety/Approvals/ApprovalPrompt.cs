using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>
/// Asks the human behind the MCP client, through a form elicitation showing <see cref="ApprovalText"/>, whether one
/// tool call may run. Anything but an explicit "accept" carrying <c>decision = "yes"</c> (decline, cancel, a missing
/// or different answer, a client without form elicitation, a transport error) leaves the call refused.
/// </summary>
internal static class ApprovalPrompt
{
    public const string DecisionField = "decision";
    public const string Yes = "yes";
    public const string No = "no";

    public static bool ClientSupportsForms(McpServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.ClientCapabilities?.Elicitation?.Form is not null;
    }

    public static async ValueTask<ApprovalOutcome> AskAsync(McpServer server, ApprovalRequest approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(approval);
        var tool = approval.Tool;
        var rendering = ApprovalText.Render(approval);
        if (rendering.Refusal is { } refusal)
        {
            return new ApprovalOutcome(ApprovalStatus.TooLong, $"'{tool}' needs a human's approval, but {refusal}. Split the input into shorter calls.");
        }

        if (!ClientSupportsForms(server))
        {
            return new ApprovalOutcome(
                ApprovalStatus.Unsupported,
                $"'{tool}' needs a human's approval, but this MCP client does not support elicitation (form mode), so " +
                "nobody can be asked. Run it from a client that supports elicitation, or ask the operator to change the policy.");
        }

        var request = new ElicitRequestParams
        {
            Message = rendering.Text,
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                {
                    [DecisionField] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                    {
                        Title = $"Run {tool}?",
                        Description = "Answer yes to run this action on the machine, no to refuse it.",
                        Enum = [Yes, No],
                    },
                },
                Required = [DecisionField],
            },
        };

        ElicitResult result;
        try
        {
            result = await server.ElicitAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (InvalidOperationException e)
        {
            return new ApprovalOutcome(ApprovalStatus.Unsupported, $"'{tool}' needs a human's approval, but it cannot be requested here: {e.Message}");
        }
        catch (Exception e) when (e is McpException or IOException or JsonException or OperationCanceledException)
        {
            return new ApprovalOutcome(ApprovalStatus.Failed, $"'{tool}' needs a human's approval, but asking failed: {e.Message}");
        }

        if (result.IsAccepted)
        {
            return result.Content is { } content &&
                content.TryGetValue(DecisionField, out var answer) &&
                answer.ValueKind == JsonValueKind.String &&
                string.Equals(answer.GetString(), Yes, StringComparison.OrdinalIgnoreCase)
                ? new ApprovalOutcome(ApprovalStatus.Approved, string.Empty)
                : new ApprovalOutcome(ApprovalStatus.Declined, $"The user answered no: '{tool}' was not run.");
        }

        return string.Equals(result.Action, "decline", StringComparison.Ordinal)
            ? new ApprovalOutcome(ApprovalStatus.Declined, $"The user declined: '{tool}' was not run.")
            : new ApprovalOutcome(ApprovalStatus.Cancelled, $"The user dismissed the approval request without answering: '{tool}' was not run.");
    }
}
