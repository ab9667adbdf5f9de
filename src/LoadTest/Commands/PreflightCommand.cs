using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LoadTest.Config;
using LoadTest.Core;
using LoadTest.Core.Access;
using LoadTest.Core.Models;

namespace LoadTest.Cli.Commands;

/// <summary>
/// `loadtest preflight --policy FILE... [--scp FILE...] [--config F] [--scenario NAME] [--region R]
/// [--account ID] [--at TIME] [--source-ip ADDRESS | --source-vpce ID [--source-vpc ID]] [--json]`: for every model or profile and operation the scenarios' workloads
/// use, decides offline whether the identity policies and SCPs would allow the call from the
/// source Region, and for a refusal prints the missing part or the denying statement and the text
/// to add. Exit 0 all allowed, 1 something refused, 2 bad input.
/// </summary>
public static class PreflightCommand
{
    private sealed record PlannedCall(BedrockCall Call, List<string> Workloads);

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var policy = new Option<string[]>("--policy") { Description = "identity policy JSON files of the role that calls Bedrock", Required = true, AllowMultipleArgumentsPerToken = true };
        var scp = new Option<string[]>("--scp") { Description = "service control policy JSON files that apply to the account (none: no SCP boundary)", AllowMultipleArgumentsPerToken = true };
        var config = new Option<string>("--config") { Description = "scenarios file", DefaultValueFactory = _ => "scenarios.yaml" };
        var scenario = new Option<string?>("--scenario") { Description = "check only this scenario's workloads (default: every scenario)" };
        var region = new Option<string?>("--region") { Description = "source Region the calls are made from (default: each scenario's target region)" };
        var account = new Option<string?>("--account") { Description = "12-digit account ID of the caller (default: the one account the config's application-profile ARNs or the policies' ARNs name)" };
        var json = new Option<bool>("--json") { Description = "print the verdicts as JSON" };
        var at = new Option<string?>("--at") { Description = "when the calls are made, for policies with aws:CurrentTime / aws:EpochTime conditions (ISO 8601, e.g. 2026-12-31T18:00:00Z, or epoch seconds; default now)" };
        var sourceIp = new Option<string?>("--source-ip") { Description = "the address the application calls Bedrock from, for policies with aws:SourceIp conditions (default: none, as calls through a VPC endpoint carry)" };
        var sourceVpce = new Option<string?>("--source-vpce") { Description = "the interface VPC endpoint the application calls Bedrock through (vpce-...), for policies with aws:SourceVpce conditions; not with --source-ip" };
        var sourceVpc = new Option<string?>("--source-vpc") { Description = "the VPC of that endpoint (vpc-...), for aws:SourceVpc conditions; needs --source-vpce" };
        var command = new Command("preflight", "Would the IAM policies and SCPs allow every call the scenarios make? Exit 0 all allowed, 1 something refused, 2 bad input.")
        {
            policy, scp, config, scenario, region, account, json, at, sourceIp, sourceVpce, sourceVpc,
        };
        command.SetAction(parse =>
        {
            var set = AccessPolicySet.Load(parse.GetValue(policy) ?? [], parse.GetValue(scp) ?? []);
            var loaded = ScenarioConfigLoader.LoadFile(parse.GetValue(config) ?? "scenarios.yaml");
            var accountId = AccountOf(parse.GetValue(account), loaded, set);
            var calls = CallsOf(loaded, parse.GetValue(scenario), parse.GetValue(region), accountId);
            var when = parse.GetValue(at) is { } text
                ? PolicyCondition.Date(text) ?? throw new ConfigException($"--at: expected an ISO 8601 date-time (e.g. 2026-12-31T18:00:00Z) or epoch seconds, found '{text}'")
                : TimeProvider.System.GetUtcNow();
            var address = parse.GetValue(sourceIp) is { } ipText
                ? RequestOrigin.ParseAddress(ipText) ?? throw new ConfigException($"--source-ip: expected one IPv4 or IPv6 address (e.g. 203.0.113.10), found '{ipText}'")
                : null;
            var origin = new RequestOrigin(when, address, EndpointOf(parse.GetValue(sourceVpce), parse.GetValue(sourceVpc), address is not null));
            var verdicts = calls.Select(c => (c, set.Authorize(c.Call, origin))).ToList();
            stdout.Write(parse.GetValue(json) ? Json(set, accountId, verdicts, origin) : Text(set, accountId, verdicts, origin));
            return verdicts.All(v => v.Item2.Allowed) ? ExitCodes.Passed : ExitCodes.Refused;
        });
        return command;
    }

    private static VpcEndpoint? EndpointOf(string? endpointId, string? vpcId, bool hasAddress)
    {
        if (endpointId is null)
        {
            return vpcId is null ? null : throw new ConfigException("--source-vpc names the VPC of the endpoint: give --source-vpce too");
        }

        if (hasAddress)
        {
            throw new ConfigException("--source-ip and --source-vpce: a call through a VPC endpoint carries no aws:SourceIp; give one of them");
        }

        if (!VpcEndpoint.IsEndpointId(endpointId))
        {
            throw new ConfigException($"--source-vpce: expected an endpoint ID such as vpce-0a1b2c3d4e5f67890, found '{endpointId}'");
        }

        return vpcId is null || VpcEndpoint.IsVpcId(vpcId)
            ? new VpcEndpoint(endpointId, vpcId)
            : throw new ConfigException($"--source-vpc: expected a VPC ID such as vpc-0a1b2c3d4e5f67890, found '{vpcId}'");
    }

    private static string AccountOf(string? given, ScenarioConfig config, AccessPolicySet set)
    {
        if (given is not null)
        {
            return given.Length == 12 && given.All(char.IsAsciiDigit)
                ? given
                : throw new ConfigException($"--account: expected a 12-digit AWS account ID, found '{given}'");
        }

        // An application-profile ARN carries its account; else the policies' own ARNs may name one.
        var fromConfig = config.Models.Select(m => m.Id.Split(':')).Where(p => p.Length >= 6 && p[0] == "arn" && p[4].Length == 12)
            .Select(p => p[4]).Distinct(StringComparer.Ordinal).ToList();
        var named = fromConfig.Count > 0 ? fromConfig : set.AccountsNamed();
        return named.Count == 1
            ? named[0]
            : throw new ConfigException(named.Count == 0
                ? "give --account ID: neither the config nor the policies name the caller's account"
                : $"give --account ID: the {(fromConfig.Count > 0 ? "config" : "policies")} name {named.Count} accounts ({string.Join(", ", named)})");
    }

    private static List<PlannedCall> CallsOf(ScenarioConfig config, string? scenarioName, string? region, string account)
    {
        var scenarios = scenarioName is null
            ? config.Scenarios
            : [config.FindScenario(scenarioName) ?? throw new ConfigException(
                $"--scenario: no scenario '{scenarioName}' in {config.File ?? "the config"}; expected one of {string.Join(", ", config.Scenarios.Select(s => s.Name))}")];
        var calls = new Dictionary<BedrockCall, PlannedCall>();
        foreach (var s in scenarios)
        {
            foreach (var name in s.Mix.Keys)
            {
                var workload = config.FindWorkload(name)!;
                var underlying = config.FindModel(workload.Model)?.Target;
                if (underlying is null && InferenceProfileId.Parse(workload.Model).Scope == ProfileScope.Application)
                {
                    throw new ConfigException(
                        $"{config.File ?? "the config"}: workload '{name}' calls the application inference profile {workload.Model}: list it under models: with target: naming the profile or model it was made from, so its checks are known");
                }

                var call = new BedrockCall(workload.Model, workload.Api.ToOperation(), region ?? s.Target.Region, account, underlying);
                if (!calls.TryGetValue(call, out var planned))
                {
                    calls[call] = planned = new PlannedCall(call, []);
                }

                if (!planned.Workloads.Contains(name))
                {
                    planned.Workloads.Add(name);
                }
            }
        }

        return calls.Values.OrderBy(c => c.Call.ModelId, StringComparer.Ordinal).ThenBy(c => c.Call.Operation).ThenBy(c => c.Call.SourceRegion, StringComparer.Ordinal).ToList();
    }

    private static string Text(AccessPolicySet set, string account, List<(PlannedCall Planned, AccessVerdict Verdict)> verdicts, RequestOrigin origin)
    {
        var text = new StringBuilder();
        var scps = set.ServiceControlPolicies.Count == 0 ? "no SCPs (no SCP boundary)"
            : $"{set.ServiceControlPolicies.Count} SCP file(s), {(set.ScpsAreAllowList ? "an allow-list: calls need an SCP Allow too" : "deny statements only (next to AWS's default FullAWSAccess)")}";
        text.AppendLine($"account {account}; {set.IdentityPolicies.Count} identity policy file(s); {scps}");
        if (set.ReadsTime)
        {
            text.AppendLine($"calls made at {RequestContext.TimeText(origin.At)} (the policies read aws:CurrentTime or aws:EpochTime; --at sets it)");
        }

        if (set.ReadsNetwork)
        {
            text.AppendLine(origin switch
            {
                { SourceIp: { } address } => $"calls made from {address} (the policies read where calls come from; --source-ip sets it)",
                { Via: { } endpoint } => $"calls made through VPC endpoint {endpoint}, carrying no aws:SourceIp (the policies read where calls come from; --source-vpce sets it)",
                _ => "calls carry no aws:SourceIp, as through a VPC endpoint (the policies read it; --source-ip gives the address the application calls from, --source-vpce the endpoint)",
            });
        }

        text.AppendLine();
        var rows = verdicts.Select(v => new[] { v.Planned.Call.ModelId, v.Planned.Call.Operation.ToString(), v.Planned.Call.SourceRegion, v.Verdict.Allowed ? "allowed" : "REFUSED", string.Join(", ", v.Planned.Workloads) }).ToList();
        string[] header = ["PROFILE", "OPERATION", "REGION", "RESULT", "WORKLOADS"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Row(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        text.AppendLine(Row(header));
        for (var i = 0; i < verdicts.Count; i++)
        {
            text.AppendLine(Row(rows[i]));
            foreach (var refusal in verdicts[i].Verdict.Refusals)
            {
                text.AppendLine($"    {refusal.Reason}");
            }

            foreach (var remedy in verdicts[i].Verdict.Remedies())
            {
                var lines = remedy.Split('\n');
                text.AppendLine($"    fix: {lines[0]}");
                foreach (var line in lines.Skip(1))
                {
                    text.AppendLine("      " + line);
                }
            }
        }

        var refused = verdicts.Count(v => !v.Verdict.Allowed);
        text.AppendLine();
        text.AppendLine(refused == 0
            ? $"all {verdicts.Count} calls allowed"
            : $"{refused} of {verdicts.Count} calls refused");
        return text.ToString();
    }

    private static string Json(AccessPolicySet set, string account, List<(PlannedCall Planned, AccessVerdict Verdict)> verdicts, RequestOrigin origin)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("account", account);
            if (set.ReadsTime)
            {
                // The time the verdicts hold for: only when a policy reads it.
                json.WriteString("at", RequestContext.TimeText(origin.At));
            }

            if (set.ReadsNetwork)
            {
                // Where the verdicts hold for calls from (null: not given): only when a policy reads it.
                WriteOrNull(json, "sourceIp", origin.SourceIp?.ToString());
                WriteOrNull(json, "sourceVpce", origin.Via?.EndpointId);
                WriteOrNull(json, "sourceVpc", origin.Via?.VpcId);
            }

            json.WriteBoolean("allowed", verdicts.All(v => v.Verdict.Allowed));
            json.WriteStartArray("calls");
            foreach (var (planned, verdict) in verdicts)
            {
                json.WriteStartObject();
                json.WriteString("model", planned.Call.ModelId);
                json.WriteString("operation", planned.Call.Operation.ToString());
                json.WriteString("action", planned.Call.Action);
                json.WriteString("region", planned.Call.SourceRegion);
                json.WriteStartArray("workloads");
                planned.Workloads.ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteBoolean("allowed", verdict.Allowed);
                json.WriteStartArray("checks");
                foreach (var outcome in verdict.Checks)
                {
                    json.WriteStartObject();
                    json.WriteString("part", outcome.Check.Part);
                    json.WriteString("resource", outcome.Check.Resource);
                    json.WriteStartObject("context");
                    foreach (var (key, values) in outcome.Check.Context.Entries)
                    {
                        json.WriteString(key, values[0]);
                    }

                    json.WriteEndObject();
                    json.WriteString("decision", outcome.Decision.ToString());
                    json.WriteString("reason", outcome.Reason);
                    if (outcome.Statement is { } s)
                    {
                        json.WriteStartObject("statement");
                        json.WriteString("file", s.File);
                        json.WriteNumber("line", s.Line);
                        json.WriteNumber("column", s.Column);
                        if (s.Sid is not null)
                        {
                            json.WriteString("sid", s.Sid);
                        }

                        json.WriteEndObject();
                    }

                    if (outcome.Remedy is not null)
                    {
                        json.WriteString("remedy", outcome.Remedy);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
