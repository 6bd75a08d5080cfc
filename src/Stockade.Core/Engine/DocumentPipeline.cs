using System.Collections.Concurrent;

namespace Stockade.Engine;

/// <summary>
/// Runs <c>check</c> over work items on <c>jobs</c> threads. With one job everything runs on the
/// calling thread, in order, with no lock and no thread. With more, one reader thread enumerates
/// the work (reading and splitting the inputs) into a small bounded queue and the workers take
/// from it, so no worker waits behind another's read: the enumeration used to run inside the
/// partitioner's lock, on whichever worker asked next.
/// </summary>
internal static class DocumentPipeline
{
    /// <summary>Items read ahead per worker: enough to keep every worker busy, few enough that memory follows the documents in flight.</summary>
    private const int ReadAheadPerWorker = 4;

    public static void Run<T>(IEnumerable<T> work, int jobs, Action<T> check)
    {
        if (jobs <= 1)
        {
            foreach (var item in work) check(item);
            return;
        }
        using var queue = new BlockingCollection<T>(jobs * ReadAheadPerWorker);
        using var stop = new CancellationTokenSource();
        Exception? readFailure = null;
        var reader = new Thread(() =>
        {
            try
            {
                foreach (var item in work) queue.Add(item, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // A worker failed: the scan ends with its exception.
            }
            catch (Exception e)
            {
                readFailure = e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        }) { IsBackground = true, Name = "stockade-reader" };
        reader.Start();
        void Work()
        {
            try
            {
                foreach (var item in queue.GetConsumingEnumerable(stop.Token)) check(item);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Another worker failed; its exception is the one reported.
            }
            catch
            {
                stop.Cancel();
                throw;
            }
        }
        var helpers = Enumerable.Range(1, jobs - 1).Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Exception? own = null;
        try
        {
            Work();
        }
        catch (Exception e)
        {
            own = e;
        }
        var failures = new List<Exception>();
        if (own != null) failures.Add(own);
        try
        {
            Task.WaitAll(helpers);
        }
        catch (AggregateException e)
        {
            failures.AddRange(e.InnerExceptions);
        }
        reader.Join();
        if (readFailure != null) failures.Add(readFailure);
        // As Parallel.ForEach reported them: every failure, wrapped.
        if (failures.Count > 0) throw new AggregateException(failures);
    }
}
