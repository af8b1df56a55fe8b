/**
 * Everything about GPUs: refusing a GPU request that cannot be honoured before XGBoost or RAPIDS sees it
 * ({@link dev.assay.gpu.GpuCheck}), naming the device a run computed on, and reading where RAPIDS would place
 * each operator. Imports only {@code errors}, so trainers and the run runtime can both use it.
 */
package dev.assay.gpu;
