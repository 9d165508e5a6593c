using AssistantLsp.Features.Prompts;
using AssistantLsp.Features.Requests;
using AssistantLsp.Inference.Remote;

namespace AssistantLsp.Features.Tests.Requests;

public class ModelAccessTests
{
    [Fact]
    public void A_prompt_too_large_for_the_context_says_so()
    {
        var failure = ModelAccess.ReasoningFailure(new PromptTooLargeException("it needs 9000 tokens of 4096."));

        Assert.NotNull(failure);
        Assert.Equal("The selection is too large for the model's context: it needs 9000 tokens of 4096.", failure.Message);
        Assert.False(failure.RemoteServerFailed);
    }

    [Fact]
    public void A_remote_server_failure_keeps_its_message_and_is_marked_remote()
    {
        var failure = ModelAccess.ReasoningFailure(new RemoteEngineException(RemoteFailureKind.Unreachable, "http://gpu-box:8000/v1 is unreachable."));

        Assert.NotNull(failure);
        Assert.Equal("http://gpu-box:8000/v1 is unreachable.", failure.Message);
        Assert.True(failure.RemoteServerFailed);
    }

    [Fact]
    public void Any_other_failure_is_not_the_users_to_act_on()
    {
        Assert.Null(ModelAccess.ReasoningFailure(new InvalidOperationException("The reasoning stream ended without a result.")));
    }
}
