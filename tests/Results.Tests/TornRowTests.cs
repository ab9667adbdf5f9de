using LoadTest.Core;

namespace LoadTest.Results.Tests;

/// <summary>
/// A run streams its per-request file, so kill -9 can leave the last row torn: a reader that
/// expects it gets every whole row and the torn one reported; anything torn or corrupt before the
/// end stays an error naming the file and line.
/// </summary>
public sealed class TornRowTests
{
    private const string Row0 = "0,100,101,300,350,900,0,chat,m,converse,ok,,200,1,0,100,20,0,0,200,256,ap-south-1,r0";
    private const string Row1 = "1,600,602,,,1500,0,chat,m,converse,throttled,ThrottlingException,429,3,3,0,0,0,0,0,256,,r1";

    [Fact]
    public void A_torn_last_row_is_left_out_and_reported_with_its_line()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n" + Row0 + "\n" + Row1 + "\n" + "2,1100,1102,,,1900,0,chat,m,conv");
        var torn = new List<TornRow>();

        var rows = temp.Folder.ReadRequests(torn.Add).ToList();

        Assert.Equal([0L, 1L], rows.Select(r => r.Id));
        var t = Assert.Single(torn);
        Assert.Equal(temp.Folder.Requests, t.File);
        Assert.Equal(4, t.Line);
    }

    [Fact]
    public void A_last_row_cut_inside_a_number_is_torn_even_with_every_field_there()
    {
        // The writer ends every row with a line break: without one, "256" may have been "2560".
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n" + Row0 + "\n" + Row1[..Row1.LastIndexOf(',')]);
        var torn = new List<TornRow>();

        var rows = temp.Folder.ReadRequests(torn.Add).ToList();

        Assert.Equal(0, Assert.Single(rows).Id);
        Assert.Equal(3, Assert.Single(torn).Line);
    }

    [Fact]
    public void A_last_row_cut_inside_quotes_is_torn()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n" + Row0 + "\n1,600,602,,,1500,0,chat,m,converse,throttled,\"Throttling\n");
        var torn = new List<TornRow>();

        var rows = temp.Folder.ReadRequests(torn.Add).ToList();

        Assert.Single(rows);
        Assert.Equal(3, Assert.Single(torn).Line);
    }

    [Fact]
    public void A_file_killed_before_its_header_was_whole_has_no_rows_and_says_so()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.Header[..40]);
        var torn = new List<TornRow>();

        Assert.Empty(temp.Folder.ReadRequests(torn.Add));
        Assert.Equal(1, Assert.Single(torn).Line);
    }

    [Fact]
    public void A_whole_file_reports_nothing_torn()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n" + Row0 + "\n" + Row1 + "\n");
        var torn = new List<TornRow>();

        Assert.Equal(2, temp.Folder.ReadRequests(torn.Add).Count());
        Assert.Empty(torn);
    }

    [Fact]
    public void A_corrupt_row_in_the_middle_is_an_error_with_its_line_even_when_torn_rows_are_expected()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n" + Row0 + "\n1,600,602,,,1500,0,chat\n" + Row1 + "\n");

        var e = Assert.Throws<ConfigException>(() => temp.Folder.ReadRequests(_ => { }).ToList());

        Assert.Equal(temp.Folder.Requests, e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains("torn or corrupt row", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_number_in_the_middle_names_its_line_and_column()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n" + Row0.Replace(",100,20,", ",1O0,20,", StringComparison.Ordinal) + "\n" + Row1 + "\n");

        var e = Assert.Throws<ConfigException>(() => temp.Folder.ReadRequests(_ => { }).ToList());

        Assert.Equal(2, e.Line);
        Assert.Contains("'1O0' is not a whole number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_handler_a_torn_last_row_is_still_refused()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Folder.Requests, RequestsCsv.HeaderVersion2 + "\n" + Row0 + "\n1,600,602");

        var e = Assert.Throws<ConfigException>(() => temp.Folder.ReadRequests().ToList());

        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Killed_and_cancelled_runs_are_partial_completed_and_gate_stopped_ones_are_not()
    {
        Assert.True(new RunSummary { StopKind = RunStopKind.Running }.IsPartial);
        Assert.True(new RunSummary { StopKind = RunStopKind.Cancelled }.IsPartial);
        Assert.False(new RunSummary { Completed = true, StopKind = RunStopKind.Completed }.IsPartial);
        Assert.False(new RunSummary { StopKind = RunStopKind.AbortedByGate }.IsPartial);
        Assert.True(new RunSummary { StopKind = RunStopKind.Running }.IsSnapshot);
        Assert.True(new RunSummary { StopReason = "running" }.IsSnapshot);
        Assert.False(new RunSummary { StopKind = RunStopKind.Cancelled, StopReason = "cancelled" }.IsSnapshot);
    }

    [Fact]
    public void A_killed_runs_rows_stretch_its_snapshots_window_and_phases()
    {
        var snapshot = new RunSummary { StopKind = RunStopKind.Running, DurationSeconds = 3, Phases = [new(0, "constant", "base", 0, 2), new(1, "ramp", "up", 2, 3)] };
        var coverage = new RowCoverage();
        coverage.Add(new RequestRecord { Id = 0, ScheduledMs = 2500, StartedMs = 2500, EndedMs = 2900, Phase = 1 });
        coverage.Add(new RequestRecord { Id = 1, ScheduledMs = 4200, StartedMs = 4200, EndedMs = 4700, Phase = 2 });

        Assert.Equal(4.2, coverage.LoadSeconds(snapshot), 6);
        Assert.Equal(4.7, coverage.DurationSeconds(snapshot), 6);
        var phases = coverage.Phases(snapshot);
        Assert.Equal(3, phases.Count);
        Assert.Equal(4.2, phases[1].EndSeconds, 6);
        Assert.Equal((4.2, 4.2), (phases[2].StartSeconds, phases[2].EndSeconds));
    }
}
