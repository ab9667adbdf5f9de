using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LoadTest.Import;

/// <summary>
/// Reads files on worker threads (one a core) and hands their records over in file order, each
/// file's in its own order, so an import is the same whatever the thread timing: the same records
/// in the same order, the same skipped lines reported, the same first error. Each file is read
/// into its own <see cref="ReadLog"/>, appended to the caller's when the file has been handed over.
/// Memory stays bounded: at most <see cref="FilesAhead"/> files past the consumer's are open, and
/// a worker runs at most <see cref="BatchesAhead"/> batches ahead in its file, then waits.
/// </summary>
internal static class ReadAhead
{
    /// <summary>Records per hand-over: large enough that the channel costs nothing per record.</summary>
    private const int BatchSize = 1024;

    /// <summary>About 32,000 records a file: a whole S3 delivery file of a busy hour ahead, a few tens of MB.</summary>
    private const int BatchesAhead = 32;

    /// <summary>Files taken by workers and not yet handed over, beyond one a worker: small files must not all be read ahead of a large one.</summary>
    private const int FilesAhead = 2;

    public static IEnumerable<T> InFileOrder<T>(IReadOnlyList<string> files, int workers, Func<string, ReadLog, IEnumerable<T>> readFile, Action<string, ReadLog> fileDone, ReadProgress? progress)
    {
        var slots = new Slot<T>[files.Count];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = new Slot<T>();
        }

        using var stop = new CancellationTokenSource();
        var next = new StrongBox<int>(-1);
        workers = Math.Clamp(workers, 1, Math.Max(1, files.Count));
        using var tickets = new SemaphoreSlim(workers + FilesAhead);
        var threads = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(() => Work(files, slots, readFile, next, tickets, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var reader = slots[i].Batches.Reader;
                while (true)
                {
                    if (reader.TryRead(out var batch))
                    {
                        progress?.RecordsRead(batch.Length);
                        foreach (var record in batch)
                        {
                            yield return record;
                        }

                        continue;
                    }

                    // Rethrows what the file's worker failed with (ConfigException included), at the file's turn.
                    if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                    {
                        break;
                    }
                }

                fileDone(files[i], slots[i].Log);
                progress?.FileDone();
                slots[i] = null!;
                tickets.Release();
            }
        }
        finally
        {
            stop.Cancel();

            // Workers stop at their next hand-over; none is left holding a file open.
            Task.WaitAll(threads.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray());
        }
    }

    private static void Work<T>(IReadOnlyList<string> files, Slot<T>[] slots, Func<string, ReadLog, IEnumerable<T>> readFile, StrongBox<int> next, SemaphoreSlim tickets, CancellationToken stop)
    {
        while (true)
        {
            try
            {
                tickets.Wait(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var i = Interlocked.Increment(ref next.Value);
            if (i >= files.Count)
            {
                return;
            }

            var slot = slots[i];
            var writer = slot.Batches.Writer;
            try
            {
                var batch = new T[BatchSize];
                var n = 0;
                slot.Log.FileRead(files[i]);
                foreach (var record in readFile(files[i], slot.Log))
                {
                    batch[n++] = record;
                    if (n == BatchSize)
                    {
                        Hand(writer, batch, stop);
                        batch = new T[BatchSize];
                        n = 0;
                    }
                }

                if (n > 0)
                {
                    Hand(writer, batch[..n], stop);
                }

                writer.TryComplete();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                writer.TryComplete(e);
            }
        }
    }

    private static void Hand<T>(ChannelWriter<T[]> writer, T[] batch, CancellationToken stop)
    {
        stop.ThrowIfCancellationRequested();
        if (!writer.TryWrite(batch))
        {
            writer.WriteAsync(batch, stop).AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class Slot<T>
    {
        public Channel<T[]> Batches { get; } = Channel.CreateBounded<T[]>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });

        public ReadLog Log { get; } = new();
    }
}
