using LoadTest.Core;

namespace LoadTest.Import.Tests;

public sealed class ImportJsonTests : IDisposable
{
    private readonly Records _r = new();

    public void Dispose() => _r.Dispose();

    [Fact]
    public void What_import_writes_reads_back_with_every_figure_the_planner_uses()
    {
        var report = Importer.Run(new ImportRequest { InvocationLogs = [_r.Write("logs.json", string.Join("\n", Records.Sample))] });
        var dir = _r.Path_("out");
        Importer.Write(report, dir);

        var read = ImportJson.Read(Path.Combine(dir, Importer.JsonFile));

        Assert.Equal(report.First, read.First);
        Assert.Equal(report.Last, read.Last);
        Assert.Equal(report.InvocationLogs.Records, read.InvocationLogs.Records);
        Assert.Equal(report.Models.Count, read.Models.Count);
        foreach (var (written, back) in report.Models.Zip(read.Models))
        {
            Assert.Equal(written.ModelId, back.ModelId);
            Assert.Equal(written.Burndown, back.Burndown);
            Assert.Equal(written.Requests, back.Requests);
            Assert.Equal(written.InputTokens, back.InputTokens);
            Assert.Equal(written.OutputTokens, back.OutputTokens);
            Assert.Equal(written.CacheWriteTokens, back.CacheWriteTokens);
            Assert.Equal(written.CacheReadTokens, back.CacheReadTokens);
            Assert.Equal(written.MaxTokensSeen, back.MaxTokensSeen);
            Assert.Equal(written.PeakQuotaMinute, back.PeakQuotaMinute);
            Assert.Equal(written.PeakRequestsMinute, back.PeakRequestsMinute);
            Assert.Equal(written.HourlyQuotaTokens, back.HourlyQuotaTokens);
            Assert.Equal(written.Days, back.Days);
            Assert.Equal(written.BusiestDay, back.BusiestDay);
            Assert.Equal(written.ReroutedTo, back.ReroutedTo);
        }

        // The Sample's Sonnet records (see Records.Sample): 170 + 350 + 1,500 quota tokens, all on 2026-11-03 at 10:xx.
        var sonnet = read.Models.Single(m => m.ModelId == Records.Sonnet);
        Assert.Equal(new DayLoad(new DateOnly(2026, 11, 3), 3, 2020), sonnet.BusiestDay);
        Assert.Equal(2020, sonnet.HourlyQuotaTokens[10]);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("{ \"models\": [")]
    [InlineData("null")]
    [InlineData("{ \"models\": [] }")]
    public void A_missing_or_corrupt_import_json_is_a_config_error_naming_the_file(string content)
    {
        var path = _r.Path_(Importer.JsonFile);
        if (content != "missing")
        {
            File.WriteAllText(path, content);
        }

        var e = Assert.Throws<ConfigException>(() => ImportJson.Read(path));

        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }
}
