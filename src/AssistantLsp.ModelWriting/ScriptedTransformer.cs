namespace AssistantLsp.ModelWriting;

/// <summary>
/// Weights that turn the transformer into a successor table: the embedding of a token is the
/// one-hot code of the token that must follow it, attention and MLP write nothing back, and the
/// head gives that follower a large logit. Script piece i is followed by piece i+1, the last piece
/// by end-of-sequence, and every other token by the first piece.
/// </summary>
internal static class ScriptedTransformer
{
    private const float FollowerLogitScale = 10f;

    public static TransformerWeights Build(TestVocabulary vocabulary, int endOfSequenceId, int context)
    {
        // Followers[c] is the token that class c predicts; class 0 is "start the script".
        var table = ScriptSuccessors.Build(vocabulary.ScriptPieceIds, endOfSequenceId, vocabulary.Size);
        int hidden = Math.Max(4, (table.StateCount + 1) / 2 * 2);
        var shape = new TransformerShape(vocabulary.Size, hidden, AttentionHeads: 2, HeadSize: 4, Layers: 1, Mlp: 4, context, UsePositions: false);

        var embedding = new float[shape.Vocab * hidden];
        for (int token = 0; token < shape.Vocab; token++)
        {
            embedding[(token * hidden) + table.StateOf[token]] = 1f;
        }

        var head = new float[hidden * shape.Vocab];
        for (int c = 0; c < table.StateCount; c++)
        {
            head[(c * shape.Vocab) + table.Followers[c]] = FollowerLogitScale;
        }

        int a = shape.AttentionWidth;
        var silentLayer = new TransformerLayerWeights(
            TransformerWeights.Fill(hidden, 1f),
            new float[hidden],
            new float[hidden * a],
            new float[hidden * a],
            new float[hidden * a],
            new float[a * hidden],
            TransformerWeights.Fill(hidden, 1f),
            new float[hidden],
            new float[hidden * shape.Mlp],
            new float[shape.Mlp],
            new float[shape.Mlp * hidden]);
        return new TransformerWeights(
            shape, embedding, null, [silentLayer], TransformerWeights.Fill(hidden, 1f), new float[hidden], head, new float[shape.Vocab]);
    }
}
