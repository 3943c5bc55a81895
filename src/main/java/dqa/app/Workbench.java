package dqa.app;

import dqa.app.common.DialogService;
import dqa.app.common.EngineTasks;
import dqa.app.common.Settings;
import dqa.run.AppPaths;

/**
 * The services every view-model shares: where things are, the engine's task queue, remembered
 * settings, and dialogs. One per window.
 */
public record Workbench(AppPaths paths, EngineTasks tasks, Settings settings, DialogService dialogs) {}
