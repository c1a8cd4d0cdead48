#include "viewer/Viewport.h"
