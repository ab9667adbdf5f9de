using LoadTest.Emulator.Regions;

namespace LoadTest.Emulator.Routing;

/// <summary>
/// The destination Regions the emulator knows, by index: their capacity per base model, their
/// round trip from the source Region and their outage windows.
/// </summary>
internal sealed class RegionTable
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly EmulatorOptions _options;
    private (double From, double To)[][] _outages = [];
    private int[] _capacity = [];
    private TimeSpan[] _roundTrip = [];

    public RegionTable(EmulatorOptions options)
    {
        _options = options;
        Intern(options.SourceRegion);
        foreach (var r in options.Regions)
        {
            Intern(r);
        }
    }

    public int SourceIndex => 0;

    public int Count => _names.Count;

    public string Name(int index) => _names[index];

    public int Capacity(int index) => _capacity[index];

    public TimeSpan RoundTripFromSource(int index) => _roundTrip[index];

    /// <summary>The index of a Region, adding it if new. Only during construction.</summary>
    public int Intern(string region)
    {
        if (!_index.TryGetValue(region, out var i))
        {
            i = _names.Count;
            _names.Add(region);
            _index[region] = i;
        }

        return i;
    }

    /// <summary>Freezes the table after every profile has interned its Regions.</summary>
    public void Seal()
    {
        _capacity = new int[_names.Count];
        _roundTrip = new TimeSpan[_names.Count];
        _outages = new (double, double)[_names.Count][];
        for (var i = 0; i < _names.Count; i++)
        {
            var name = _names[i];
            _capacity[i] = _options.RegionCapacityOverrides.TryGetValue(name, out var c) ? c : _options.RegionCapacity;
            _roundTrip[i] = RegionGeography.RoundTrip(_options.SourceRegion, name);
            _outages[i] = _options.Outages
                .Where(o => string.Equals(o.Region, name, StringComparison.Ordinal))
                .Select(o => (o.From.TotalSeconds, o.To.TotalSeconds))
                .ToArray();
        }
    }

    public bool IsDown(int index, double nowSeconds)
    {
        foreach (var (from, to) in _outages[index])
        {
            if (nowSeconds >= from && nowSeconds < to)
            {
                return true;
            }
        }

        return false;
    }
}
