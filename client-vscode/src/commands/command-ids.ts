// Command identifiers; package.json "contributes.commands" declares the same ones.
export const CommandIds = {
  explainSelection: 'assistantLsp.explainSelection',
  restartServer: 'assistantLsp.restartServer',
  showLogs: 'assistantLsp.showLogs',
  selectModelFolder: 'assistantLsp.selectModelFolder',
  showStatusActions: 'assistantLsp.showStatusActions',
  showActionReasoning: 'assistantLsp.showActionReasoning',
} as const;
