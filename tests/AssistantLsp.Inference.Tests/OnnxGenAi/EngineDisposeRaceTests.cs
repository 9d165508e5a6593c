
namespace AssistantLsp.Inference.Tests.OnnxGenAi;

/// <summary>
/// A model reload disposes the old engine while prompt building may still encode with it: the
/// tokenizer must be freed only when no encode is inside it (issue 15, item 8).
/// </summary>
[Collection(TestModelsCollection.Name)]
public sealed class EngineDisposeRaceTests
{
    [Fact]
    public void Encode_and_decode_racing_dispose_either_finish_or_see_a_disposed_engine()
    {
        var text = string.Concat(Enumerable.Repeat("public static int Add(int a, int b) => a + b; // <｜User｜> ", 40));
        for (var round = 0; round < 25; round++)
        {
            var engine = TestModels.Load(TestModels.Random);
            var ids = engine.Encode(text);
            var started = new CountdownEvent(3);
            var failures = new List<Exception>();
            var workers = Enumerable.Range(0, 3).Select(w => new Thread(() =>
            {
                started.Signal();
                try
                {
                    while (true)
                    {
                        if (w == 2)
                        {
                            engine.Decode(ids);
                        }
                        else
                        {
                            engine.Encode(text);
                        }
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The expected end: the engine went away between two calls.
                }
                catch (Exception ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex);
                    }
                }
            })).ToList();
            workers.ForEach(t => t.Start());
            started.Wait();
            Thread.Sleep(round % 5); // vary where in an encode the dispose lands

            engine.Dispose();

            workers.ForEach(t => Assert.True(t.Join(TimeSpan.FromSeconds(30)), "a worker hung"));
            Assert.Empty(failures);
        }
    }
}
