// Builds the JupyterLab 3.6.8 front end of e2e/lab_test.go into build/:
// bundle.js (the application and its extensions), plus the settings
// schemas and themes that @jupyterlab/builder gathers from the extension
// packages for jupyterlab_server to serve.
const path = require('path');
const webpack = require('webpack');
const { Build } = require('@jupyterlab/builder');
const pkg = require('./package.json');

const build = path.resolve(__dirname, 'build');

// Schemas to build/schemas, themes to build/themes (one webpack
// configuration each), and build/style.js importing every extension's CSS.
const themes = Build.ensureAssets({
  packageNames: [...pkg.jupyterlab.extensions, ...pkg.jupyterlab.mimeExtensions],
  output: build
});

const app = {
  mode: 'development',
  devtool: false,
  bail: true,
  entry: './index.js',
  output: { path: build, filename: 'bundle.js', hashFunction: 'sha256' },
  module: {
    rules: [
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      // Icons: inline data in stylesheets, SVG text in scripts (LabIcon).
      { test: /\.svg$/, issuer: /\.css$/, type: 'asset/inline' },
      { test: /\.svg$/, issuer: /\.js$/, type: 'asset/source' },
      { test: /\.(md|txt)$/, type: 'asset/source' },
      { test: /\.(png|jpg|gif|woff2?|ttf|eot)$/, type: 'asset' },
      { test: /\.m?js$/, resolve: { fullySpecified: false } }
    ]
  },
  resolve: {
    fallback: { path: false, url: false, buffer: false, crypto: false }
  },
  plugins: [
    new webpack.DefinePlugin({
      'process.env': '{}',
      'process.cwd': '(() => "/")'
    })
  ]
};

module.exports = [app, ...themes];
