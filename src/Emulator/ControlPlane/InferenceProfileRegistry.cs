using System.Globalization;
using LoadTest.Core.Access;
using LoadTest.Core.Models;
using LoadTest.Emulator.Faults;
using LoadTest.Emulator.Routing;

namespace LoadTest.Emulator.ControlPlane;

/// <summary>
/// The control plane's inference profiles: the system-defined ones (every global and geographic
/// profile the model directory serves) and the application profiles, with the rules Bedrock's API
/// reference gives for each operation (name and token patterns, 200 tags, the account's profile
/// quota, unique names, idempotent creation by client request token). A created profile is added to
/// the model directory as a copy of its source, so the runtime serves its ARN at once; a deleted one is
/// removed, so the runtime answers for it as for any unknown model. Thread-safe: one lock over changes
/// (control-plane calls are rare; the runtime never takes it).
/// </summary>
internal sealed class InferenceProfileRegistry
{
    /// <summary>The account in the ARNs the emulator makes unless <c>emulator.iam.account</c> names one; a profile declared under models: keeps its own.</summary>
    public const string DefaultAccount = "123456789012";

    public const string Active = "ACTIVE";
    public const string SystemDefined = "SYSTEM_DEFINED";
    public const string Application = "APPLICATION";

    private readonly Lock _lock = new();
    private readonly List<ApplicationProfile> _profiles = [];
    private readonly ModelDirectory _models;
    private readonly RegionTable _regions;
    private readonly string _region;
    private readonly string _account;
    private readonly int _limit;
    private readonly TimeProvider _time;
    private readonly Random _ids;
    private readonly DateTimeOffset _started;

    public InferenceProfileRegistry(EmulatorOptions options, ModelDirectory models, RegionTable regions)
    {
        _models = models;
        _regions = regions;
        _region = options.SourceRegion;
        _account = options.Iam?.Account ?? DefaultAccount;
        _limit = options.ApplicationProfileLimit;
        _time = options.TimeProvider;
        _ids = new Random(options.Seed);
        _started = _time.GetUtcNow();
        foreach (var spec in options.Models.Where(m => m.Profile.Scope == ProfileScope.Application))
        {
            // The directory already serves it (it refused to start otherwise); the registry adds what the control plane shows.
            var source = models.Find(spec.Target!)!;
            var id = spec.Id[(spec.Id.LastIndexOf('/') + 1)..];
            var name = string.IsNullOrEmpty(spec.DisplayName) || spec.DisplayName == spec.Id ? id : spec.DisplayName;
            _profiles.Add(new ApplicationProfile(id, spec.Id, name, null, SourceArn(source), source, [.. spec.Tags], _started, _started, null));
        }
    }

    /// <summary>The ARN Bedrock gives the model or system-defined profile <paramref name="model"/>.</summary>
    public string SourceArn(EmulatedModel model) => model.Spec.Profile.Scope == ProfileScope.SourceRegion
        ? BedrockAuthorizationChecks.FoundationModelArn(_region, model.Id)
        : BedrockAuthorizationChecks.ProfileArn(_region, _account, model.Id);

    /// <summary>CreateInferenceProfile: the profile made (or the one an earlier call with the same token made), or the error.</summary>
    public BedrockError? Create(CreateInferenceProfileBody body, out ApplicationProfile? created)
    {
        created = null;
        var name = body.InferenceProfileName;
        if (ControlPlaneRules.Invalid("inferenceProfileName", name, 1, 64, ControlPlaneRules.NameRegex()) is { } badName)
        {
            return badName;
        }

        if (body.Description is { } description && (description.Length is < 1 or > 200))
        {
            return ControlPlaneRules.Constraint("description", description, "Member must have length between 1 and 200");
        }

        if (body.ClientRequestToken is { } token && ControlPlaneRules.Invalid("clientRequestToken", token, 1, 256, ControlPlaneRules.TokenRegex()) is { } badToken)
        {
            return badToken;
        }

        var copyFrom = body.ModelSource?.CopyFrom;
        if (copyFrom is null)
        {
            return BedrockError.Validation("1 validation error detected: Value null at 'modelSource' failed to satisfy constraint: Member must not be null");
        }

        if (ControlPlaneRules.Invalid("modelSource.copyFrom", copyFrom, 1, 2048, ControlPlaneRules.CopyFromRegex()) is { } badSource)
        {
            return badSource;
        }

        var tags = new List<KeyValuePair<string, string>>();
        if (ControlPlaneRules.CheckTags(body.Tags, tags, existing: 0, resource: name!) is { } badTags)
        {
            return badTags;
        }

        var source = ResolveSource(copyFrom, out var sourceError);
        if (source is null)
        {
            return sourceError;
        }

        lock (_lock)
        {
            if (body.ClientRequestToken is { } repeat && _profiles.Find(p => p.ClientRequestToken == repeat) is { } earlier)
            {
                // "If this token matches a previous request, Amazon Bedrock ignores the request, but does not return an error."
                created = earlier;
                return null;
            }

            if (_profiles.Exists(p => p.Name == name))
            {
                return new BedrockError(400, "ConflictException", $"An inference profile with the name '{name}' already exists.");
            }

            if (_profiles.Count >= _limit)
            {
                return new BedrockError(400, "ServiceQuotaExceededException", string.Create(CultureInfo.InvariantCulture,
                    $"The number of application inference profiles in this account has reached its quota ({_limit}). Delete a profile or request a quota increase."));
            }

            var id = NewId();
            var arn = BedrockAuthorizationChecks.ApplicationProfileArn(_region, _account, id);
            var now = _time.GetUtcNow();
            var profile = new ApplicationProfile(id, arn, name!, body.Description, copyFrom, source, tags, now, now, body.ClientRequestToken);
            _models.TryAddApplicationProfile(arn, source);
            _profiles.Add(profile);
            created = profile;
            return null;
        }
    }

    /// <summary>GetInferenceProfile: an application profile by ARN or ID, or a system-defined one by ID or ARN.</summary>
    public BedrockError? Get(string identifier, out InferenceProfileBody? found)
    {
        found = null;
        if (ControlPlaneRules.Invalid("inferenceProfileIdentifier", identifier, 1, 2048, ControlPlaneRules.IdentifierRegex()) is { } bad)
        {
            return bad;
        }

        lock (_lock)
        {
            if (FindApplication(identifier) is { } app)
            {
                found = Describe(app);
                return null;
            }
        }

        if (FindSystem(identifier) is { } system)
        {
            found = Describe(system);
            return null;
        }

        return ControlPlaneRules.NotFound(identifier);
    }

    /// <summary>ListInferenceProfiles: system-defined first (by ID), then application profiles in creation order.</summary>
    public BedrockError? List(string? type, string? maxResults, string? nextToken, out ListInferenceProfilesAnswer? page)
    {
        page = null;
        if (type is not (null or SystemDefined or Application))
        {
            return ControlPlaneRules.Constraint("typeEquals", type, "Member must satisfy enum value set: [SYSTEM_DEFINED, APPLICATION]");
        }

        var size = 1000;
        if (maxResults is not null && (!int.TryParse(maxResults, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 1000))
        {
            return ControlPlaneRules.Constraint("maxResults", maxResults, "Member must have value between 1 and 1000");
        }

        var offset = 0;
        if (nextToken is not null && !ControlPlaneRules.TryReadToken(nextToken, out offset))
        {
            return BedrockError.Validation("The pagination token is invalid (LoadTest emulator: pass the nextToken of the previous page unchanged).");
        }

        var all = new List<InferenceProfileBody>();
        if (type is null or SystemDefined)
        {
            all.AddRange(SystemProfiles().Select(Describe));
        }

        if (type is null or Application)
        {
            lock (_lock)
            {
                all.AddRange(_profiles.Select(Describe));
            }
        }

        var items = all.Skip(offset).Take(size).ToList();
        var next = offset + items.Count < all.Count ? ControlPlaneRules.WriteToken(offset + items.Count) : null;
        page = new ListInferenceProfilesAnswer(items, next);
        return null;
    }

    /// <summary>DeleteInferenceProfile: requests already admitted finish; new ones are refused as for an unknown model.</summary>
    public BedrockError? Delete(string identifier)
    {
        if (ControlPlaneRules.Invalid("inferenceProfileIdentifier", identifier, 1, 2048, ControlPlaneRules.IdentifierRegex()) is { } bad)
        {
            return bad;
        }

        lock (_lock)
        {
            if (FindApplication(identifier) is { } app)
            {
                _profiles.Remove(app);
                _models.Remove(app.Arn);
                return null;
            }
        }

        return FindSystem(identifier) is not null
            ? BedrockError.Validation($"'{identifier}' is a system-defined inference profile; only application inference profiles can be deleted.")
            : ControlPlaneRules.NotFound(identifier);
    }

    /// <summary>ListTagsForResource over an application profile's ARN.</summary>
    public BedrockError? Tags(string? resourceArn, out IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        tags = [];
        lock (_lock)
        {
            if (Tagged(resourceArn, out var error) is not { } app)
            {
                return error;
            }

            tags = app.Tags;
            return null;
        }
    }

    /// <summary>TagResource: adds or replaces tags; more than 200 in all is TooManyTagsException.</summary>
    public BedrockError? Tag(string? resourceArn, List<TagEntry>? add)
    {
        lock (_lock)
        {
            if (Tagged(resourceArn, out var error) is not { } app)
            {
                return error;
            }

            var merged = app.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            var adding = new List<KeyValuePair<string, string>>();
            if (ControlPlaneRules.CheckTags(add, adding, existing: 0, resource: app.Arn) is { } bad)
            {
                return bad;
            }

            foreach (var (key, value) in adding)
            {
                merged[key] = value;
            }

            if (merged.Count > ControlPlaneRules.MaxTags)
            {
                return ControlPlaneRules.TooManyTags(app.Arn);
            }

            Replace(app, app with { Tags = [.. merged], UpdatedAt = _time.GetUtcNow() });
            return null;
        }
    }

    /// <summary>UntagResource: removes the keys named; absent keys are ignored.</summary>
    public BedrockError? Untag(string? resourceArn, List<string>? keys)
    {
        lock (_lock)
        {
            if (Tagged(resourceArn, out var error) is not { } app)
            {
                return error;
            }

            var remove = new HashSet<string>(keys ?? [], StringComparer.Ordinal);
            Replace(app, app with { Tags = [.. app.Tags.Where(t => !remove.Contains(t.Key))], UpdatedAt = _time.GetUtcNow() });
            return null;
        }
    }

    /// <summary>The model or system-defined profile a copyFrom ARN names, in this Region; null with the ValidationException otherwise.</summary>
    private EmulatedModel? ResolveSource(string copyFrom, out BedrockError? error)
    {
        error = null;
        var parts = copyFrom.Split(':', 6);
        var region = parts[3];
        var resource = parts[5];
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        var kind = resource[..slash];
        var id = resource[(slash + 1)..];
        if (region != _region)
        {
            error = BedrockError.Validation($"The model source '{copyFrom}' is not in this Region ({_region}). (LoadTest emulator: the emulator's source Region is emulator.sourceRegion.)");
            return null;
        }

        var model = _models.Find(id);
        var scope = model?.Spec.Profile.Scope;
        var fits = kind == "foundation-model" ? scope == ProfileScope.SourceRegion : scope is ProfileScope.Global or ProfileScope.Geographic;
        if (model is null || !fits)
        {
            error = BedrockError.Validation(
                $"The provided model source '{copyFrom}' is not a foundation model or system-defined inference profile this Region serves. (LoadTest emulator: '{id}' is not listed under models: in scenarios.yaml as a {(kind == "foundation-model" ? "bare model ID" : "global. or geographic profile")}.)");
            return null;
        }

        return model;
    }

    private ApplicationProfile? FindApplication(string identifier)
        => _profiles.Find(p => p.Arn == identifier || p.Id == identifier);

    private EmulatedModel? FindSystem(string identifier)
    {
        var slash = identifier.LastIndexOf('/');
        if (identifier.StartsWith("arn:", StringComparison.Ordinal) && !identifier.Contains(":inference-profile/", StringComparison.Ordinal))
        {
            return null;
        }

        var model = _models.Find(slash < 0 ? identifier : identifier[(slash + 1)..]);
        return model?.Spec.Profile.Scope is ProfileScope.Global or ProfileScope.Geographic ? model : null;
    }

    private IEnumerable<EmulatedModel> SystemProfiles() => _models.All
        .Where(m => m.Spec.Profile.Scope is ProfileScope.Global or ProfileScope.Geographic)
        .OrderBy(m => m.Id, StringComparer.Ordinal);

    private ApplicationProfile? Tagged(string? resourceArn, out BedrockError? error)
    {
        error = null;
        if (string.IsNullOrEmpty(resourceArn))
        {
            error = BedrockError.Validation("1 validation error detected: Value null at 'resourceARN' failed to satisfy constraint: Member must not be null");
            return null;
        }

        if (_profiles.Find(p => p.Arn == resourceArn) is { } app)
        {
            return app;
        }

        error = new BedrockError(404, "ResourceNotFoundException", $"The specified resource ARN '{resourceArn}' was not found. Check the Amazon Resource Name (ARN) and try your request again.");
        return null;
    }

    private void Replace(ApplicationProfile old, ApplicationProfile updated) => _profiles[_profiles.IndexOf(old)] = updated;

    private string NewId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        while (true)
        {
            var id = string.Create(12, _ids, (chars, random) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = alphabet[random.Next(alphabet.Length)];
                }
            });
            if (!_profiles.Exists(p => p.Id == id))
            {
                return id;
            }
        }
    }

    private InferenceProfileBody Describe(ApplicationProfile app) => new()
    {
        InferenceProfileName = app.Name,
        InferenceProfileArn = app.Arn,
        InferenceProfileId = app.Id,
        Models = Models(app.Source),
        Status = Active,
        Type = Application,
        Description = app.Description,
        CreatedAt = app.CreatedAt.UtcDateTime,
        UpdatedAt = app.UpdatedAt.UtcDateTime,
    };

    private InferenceProfileBody Describe(EmulatedModel system) => new()
    {
        InferenceProfileName = system.Spec.DisplayName.Length > 0 && system.Spec.DisplayName != system.Id
            ? $"{(system.Spec.Profile.Scope == ProfileScope.Global ? "GLOBAL" : system.Spec.Profile.Geography!.ToUpperInvariant())} {system.Spec.DisplayName}"
            : system.Id,
        InferenceProfileArn = SourceArn(system),
        InferenceProfileId = system.Id,
        Models = Models(system),
        Status = Active,
        Type = SystemDefined,
        Description = $"Routes requests to {system.BaseModelId} (LoadTest emulator).",
        CreatedAt = _started.UtcDateTime,
        UpdatedAt = _started.UtcDateTime,
    };

    /// <summary>The foundation-model ARN in every Region the profile may send a request to.</summary>
    private List<InferenceProfileModelBody> Models(EmulatedModel model)
        => [.. model.Destinations.Select(r => new InferenceProfileModelBody(BedrockAuthorizationChecks.FoundationModelArn(_regions.Name(r), model.BaseModelId)))];
}
