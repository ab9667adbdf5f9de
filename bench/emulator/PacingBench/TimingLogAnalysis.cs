using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace LoadTest.Bench.Pacing;

/// <summary>
/// What the emulator itself sent, from its timing log (one JSON object per finished request):
/// the gaps between consecutive deltas as written, and lateness = written - due.
/// </summary>
internal static class TimingLogAnalysis
{
    public static string Run(string path, long sinceUs)
    {
        var gap = new LongHistogram(3_600_000_000, 3);
        var late = new LongHistogram(3_600_000_000, 3);
        var firstLate = new LongHistogram(3_600_000_000, 3);
        var ttft = new LongHistogram(3_600_000_000, 3);
        long requests = 0;
        foreach (var line in File.ReadLines(path))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (!r.TryGetProperty("requestId", out _) || r.GetProperty("arrivedUs").GetInt64() < sinceUs
                || !r.TryGetProperty("writtenUs", out var written) || !r.TryGetProperty("dueUs", out var due))
            {
                continue;
            }

            requests++;
            var previous = -1L;
            var k = 0;
            foreach (var (w, d) in written.EnumerateArray().Zip(due.EnumerateArray()))
            {
                var wUs = w.GetInt64();
                var lateness = Math.Max(0, wUs - d.GetInt64());
                late.RecordValue(lateness);
                if (k == 0)
                {
                    firstLate.RecordValue(lateness);
                    ttft.RecordValue(wUs);
                }
                else
                {
                    gap.RecordValue(Math.Max(0, wUs - previous));
                }

                previous = wUs;
                k++;
            }
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"emuStreams={requests} emuTtftP50={StreamClient.Ms(ttft, 50)} emuGapP50={StreamClient.Ms(gap, 50)} emuGapP99={StreamClient.Ms(gap, 99)} " +
            $"emuLateP50={StreamClient.Ms(late, 50)} emuLateP99={StreamClient.Ms(late, 99)} emuLateMax={StreamClient.Ms(late, 100)} " +
            $"emuFirstLateP50={StreamClient.Ms(firstLate, 50)} emuFirstLateP99={StreamClient.Ms(firstLate, 99)}");
    }
}
