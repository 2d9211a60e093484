using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace NanoKvm.Mcp.Safety.Approvals;

/// <summary>
/// Asks the human behind the MCP client, through a form elicitation showing <see cref="ApprovalText"/> (sent on the
/// session, or handed to the client as a multi-round-trip input request), whether one tool call may run. Anything but an explicit "accept" carrying <c>decision = "yes"</c> (decline, cancel, a missing
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

    /// <summary>Key of the approval question in a multi-round-trip <c>inputRequests</c> map.</summary>
    public const string InputKey = "nanokvm_approval";

    /// <summary>
    /// Asks for approval the way the session allows: a form elicitation on a session that supports it; on a
    /// 2026-07-28 request without a session, a multi-round-trip question (throws <see cref="InputRequiredException"/>,
    /// and the answer comes back on a retry of the call with the signed state); otherwise refuses with the reason.
    /// </summary>
    public static async ValueTask<ApprovalOutcome> AskAsync(
        RequestContext<CallToolRequestParams> context,
        ApprovalRequest approval,
        ApprovalBinding binding,
        ApprovalStateProtector states,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(states);
        var server = context.Server;
        var tool = approval.Tool;
        var rendering = ApprovalText.Render(approval);
        if (rendering.Refusal is { } refusal)
        {
            return new ApprovalOutcome(ApprovalStatus.TooLong, $"'{tool}' needs a human's approval, but {refusal}. Split the input into shorter calls.");
        }

        var request = Question(tool, rendering.Text);
        if (context.Params?.RequestState is { } state)
        {
            // A retry carrying an answer: it counts only with the state this server signed for exactly this call.
            if (states.Redeem(state, binding) is { } problem)
            {
                return new ApprovalOutcome(
                    ApprovalStatus.Failed,
                    $"'{tool}' needs a human's approval, and the approval state sent back was refused: {problem}. Call the tool again to be asked anew.");
            }

            if (context.Params.InputResponses is not { } responses || !responses.TryGetValue(InputKey, out var response))
            {
                return new ApprovalOutcome(ApprovalStatus.Failed, $"'{tool}' needs a human's approval, but the retry carried no answer to '{InputKey}'.");
            }

            ElicitResult? answer;
            try
            {
                answer = response.Deserialize(InputResponse.ElicitResultJsonTypeInfo);
            }
            catch (JsonException e)
            {
                return new ApprovalOutcome(ApprovalStatus.Failed, $"'{tool}' needs a human's approval, but the answer could not be read: {e.Message}");
            }

            return answer is null
                ? new ApprovalOutcome(ApprovalStatus.Failed, $"'{tool}' needs a human's approval, but the answer was empty.")
                : Interpret(answer, tool);
        }

        if (ClientSupportsForms(server))
        {
            try
            {
                return await ElicitAsync(server, request, tool, cancellationToken);
            }
            catch (InvalidOperationException) when (server.IsMrtrSupported)
            {
                // A 2026-07-28 request without a session declares form elicitation, but the server cannot send it a
                // request; the SDK refuses before anything is sent, and the question goes back as an input request.
            }
        }

        if (server.IsMrtrSupported && (server.ClientCapabilities is null || ClientSupportsForms(server)))
        {
            // No session to ask on (a 2026-07-28 request): hand the question to the client with a signed state.
            throw new InputRequiredException(
                new Dictionary<string, InputRequest> { [InputKey] = InputRequest.ForElicitation(request) },
                states.Issue(binding));
        }

        return new ApprovalOutcome(
            ApprovalStatus.Unsupported,
            $"'{tool}' needs a human's approval, but this MCP client can be asked neither through elicitation (form mode) " +
            "nor through a multi-round-trip request (MCP 2026-07-28), so nobody can be asked. Run it from a client that " +
            "supports either, or ask the operator to change the policy.");
    }

    private static ElicitRequestParams Question(string tool, string text) => new ElicitRequestParams
        {
            Message = text,
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

    private static async ValueTask<ApprovalOutcome> ElicitAsync(McpServer server, ElicitRequestParams request, string tool, CancellationToken cancellationToken)
    {
        ElicitResult result;
        try
        {
            result = await server.ElicitAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (InvalidOperationException e) when (!server.IsMrtrSupported)
        {
            return new ApprovalOutcome(ApprovalStatus.Unsupported, $"'{tool}' needs a human's approval, but it cannot be requested here: {e.Message}");
        }
        catch (Exception e) when (e is McpException or IOException or JsonException or OperationCanceledException)
        {
            return new ApprovalOutcome(ApprovalStatus.Failed, $"'{tool}' needs a human's approval, but asking failed: {e.Message}");
        }

        return Interpret(result, tool);
    }

    /// <summary>Only an explicit accept whose <c>decision</c> is <c>yes</c> approves.</summary>
    private static ApprovalOutcome Interpret(ElicitResult result, string tool)
    {
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
