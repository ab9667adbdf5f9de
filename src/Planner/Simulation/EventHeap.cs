namespace LoadTest.Planner.Simulation;

/// <summary>
/// A binary min-heap of simulated events keyed by time (completions and retries), each with a
/// sample and a tag (the simulation's call slot), in flat arrays:
/// the simulation pushes and pops tens of millions of them, so no per-event allocation.
/// </summary>
internal sealed class EventHeap
{
    private double[] _times = new double[256];
    private int[] _samples = new int[256];
    private int[] _tags = new int[256];

    public int Count { get; private set; }

    /// <summary>The earliest event's time, or +infinity when empty.</summary>
    public double PeekTime => Count == 0 ? double.PositiveInfinity : _times[0];

    public void Clear() => Count = 0;

    public void Push(double time, int sample, int tag)
    {
        if (Count == _times.Length)
        {
            Array.Resize(ref _times, Count * 2);
            Array.Resize(ref _samples, Count * 2);
            Array.Resize(ref _tags, Count * 2);
        }

        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_times[parent] <= time)
            {
                break;
            }

            _times[i] = _times[parent];
            _samples[i] = _samples[parent];
            _tags[i] = _tags[parent];
            i = parent;
        }

        _times[i] = time;
        _samples[i] = sample;
        _tags[i] = tag;
    }

    /// <summary>Removes the earliest event.</summary>
    public void Pop(out double time, out int sample, out int tag)
    {
        time = _times[0];
        sample = _samples[0];
        tag = _tags[0];
        var n = --Count;
        if (n == 0)
        {
            return;
        }

        var lastTime = _times[n];
        var lastSample = _samples[n];
        var lastTag = _tags[n];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && _times[child + 1] < _times[child])
            {
                child++;
            }

            if (_times[child] >= lastTime)
            {
                break;
            }

            _times[i] = _times[child];
            _samples[i] = _samples[child];
            _tags[i] = _tags[child];
            i = child;
        }

        _times[i] = lastTime;
        _samples[i] = lastSample;
        _tags[i] = lastTag;
    }
}
