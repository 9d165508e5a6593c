namespace AssistantLsp.ModelWriting;

/// <summary>
/// The successor table both scripted test models are built on: state 0 stands for "any token
/// outside the script", state k+1 for script piece k. A token's state picks its follower: the
/// first piece after any other token, piece k+1 after piece k, end of sequence after the last.
/// </summary>
internal sealed record ScriptSuccessors(int[] StateOf, int[] Followers)
{
    /// <summary>States (hidden-state axes) the table needs: one per piece plus the outside state.</summary>
    public int StateCount => Followers.Length;

    public static ScriptSuccessors Build(IReadOnlyList<int> pieceIds, int endOfSequenceId, int vocabSize)
    {
        var stateOf = new int[vocabSize];
        for (int k = 0; k < pieceIds.Count; k++)
        {
            stateOf[pieceIds[k]] = k + 1;
        }

        return new ScriptSuccessors(stateOf, [.. pieceIds, endOfSequenceId]);
    }
}
