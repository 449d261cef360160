// Methodic's editor settings for the classic Jupyter Notebook, which loads
// kernel.js from the kernelspec when a notebook uses the kernel: Go code is
// indented with tabs, as gofmt writes it, shown four columns wide.
define(['base/js/namespace', 'notebook/js/codecell'], function (Jupyter, codecell) {
  'use strict';
  var options = {indentUnit: 4, tabSize: 4, indentWithTabs: true};

  function apply(cell) {
    if (cell && cell.cell_type === 'code' && cell.code_mirror) {
      Object.keys(options).forEach(function (k) {
        cell.code_mirror.setOption(k, options[k]);
      });
    }
  }

  return {
    onload: function () {
      var defaults = codecell.CodeCell.options_default.cm_config;
      Object.keys(options).forEach(function (k) {
        defaults[k] = options[k];
      });
      Jupyter.notebook.get_cells().forEach(apply);
      Jupyter.notebook.events.on('create.Cell', function (event, data) {
        apply(data.cell);
      });
    }
  };
});
